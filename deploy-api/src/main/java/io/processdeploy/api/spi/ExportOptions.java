package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * How to export a descriptor.
 *
 * @param includeSecrets write secret values in clear; by default they are left out and the chart
 *     tells how to supply them
 * @param chartLocation where the application chart dependency points
 */
public record ExportOptions(boolean includeSecrets, ChartLocation chartLocation) {
  /** Secrets left out, chart vendored. */
  public static final ExportOptions DEFAULTS = new ExportOptions(false, ChartLocation.vendored());

  /** Validates. */
  public ExportOptions {
    Objects.requireNonNull(chartLocation, "chartLocation was not specified");
  }
}
