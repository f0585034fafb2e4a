package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * How to export a descriptor.
 *
 * @param includeSecrets write secret values in clear; by default they are left out and the chart
 *     tells how to supply them
 * @param chartLocation where the application chart dependency points
 * @param gateway where the exported application answers, or {@code null} for the exporter's own
 *     setting; the deployment service gives its cluster target's ({@link ClusterTarget#gateway()})
 *     when the caller gives none, so that the export answers where a deployment would
 */
public record ExportOptions(boolean includeSecrets, ChartLocation chartLocation,
    Gateway gateway) {
  /** Secrets left out, chart vendored. */
  public static final ExportOptions DEFAULTS = new ExportOptions(false, ChartLocation.vendored());

  /** Validates. */
  public ExportOptions {
    Objects.requireNonNull(chartLocation, "chartLocation was not specified");
  }

  /** Options with the exporter's own gateway. */
  public ExportOptions(boolean includeSecrets, ChartLocation chartLocation) {
    this(includeSecrets, chartLocation, null);
  }

  /** A copy exporting for {@code newGateway}. */
  public ExportOptions withGateway(Gateway newGateway) {
    return new ExportOptions(includeSecrets, chartLocation, newGateway);
  }
}
