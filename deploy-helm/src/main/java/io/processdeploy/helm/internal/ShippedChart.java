package io.processdeploy.helm.internal;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A chart that ships inside this library's jar, ready to be vendored into an export or published
 * to a chart repository: {@value #APPLICATION} (the objects of the application as a whole) and
 * {@value #SERVICE} (one service, used once per service under an alias).
 *
 * @param name the chart name
 * @param version its version, the version of this library
 * @param files its files by path relative to the chart directory, sorted
 */
public record ShippedChart(String name, String version, SortedMap<String, byte[]> files) {
  /** The chart of the application-wide objects: service account, role, security, gateway. */
  public static final String APPLICATION = "processdeploy-application";
  /** The chart of one service: Deployment, Service, env ConfigMap and Secret. */
  public static final String SERVICE = "processdeploy-service";

  private static final java.util.Map<String, ShippedChart> LOADED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Copies. */
  public ShippedChart {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /**
   * The shipped chart of that name.
   *
   * @throws IllegalStateException when the jar does not hold it
   */
  public static ShippedChart named(String name) {
    return LOADED.computeIfAbsent(name, ShippedChart::load);
  }

  private static ShippedChart load(String name) {
    SortedMap<String, byte[]> files = BundledFiles.under("charts/" + name + "/");
    byte[] chartYaml = files.get("Chart.yaml");
    if (chartYaml == null) {
      throw new IllegalStateException("the jar holds no chart " + name);
    }
    ChartMetadata metadata = HelmYaml.read(chartYaml, ChartMetadata.class);
    if (!name.equals(metadata.name())) {
      throw new IllegalStateException("chart folder " + name + " holds chart " + metadata.name());
    }
    return new ShippedChart(name, metadata.version(), files);
  }
}
