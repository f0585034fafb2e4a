package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * Where the exported chart's dependency on the application chart points.
 *
 * @param kind vendored into the zip, a Helm repository, or an OCI registry
 * @param url the repository URL or OCI reference; empty for {@link Kind#VENDORED}
 */
public record ChartLocation(Kind kind, String url) {
  /** The kinds of location. */
  public enum Kind {
    /** A {@code file://} copy inside the zip: works offline. The default. */
    VENDORED,
    /** A Helm repository URL such as {@code https://charts.example.com}. */
    REPOSITORY,
    /** An OCI reference such as {@code oci://registry.example.com/charts}. */
    OCI
  }

  /** Validates. */
  public ChartLocation {
    Objects.requireNonNull(kind, "kind was not specified");
    url = Objects.requireNonNullElse(url, "");
  }

  /** The chart copied into the zip. */
  public static ChartLocation vendored() {
    return new ChartLocation(Kind.VENDORED, "");
  }

  /** A Helm repository. */
  public static ChartLocation repository(String url) {
    return new ChartLocation(Kind.REPOSITORY, url);
  }

  /** An OCI registry. */
  public static ChartLocation oci(String reference) {
    return new ChartLocation(Kind.OCI, reference);
  }
}
