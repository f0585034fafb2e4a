package io.processdeploy.helm.internal;

import java.util.List;

/**
 * The model of {@code requirements.yaml}.
 *
 * @param dependencies every chart the exported chart depends on, in a stable order
 */
public record Requirements(List<ChartDependency> dependencies) {
  /** Copies. */
  public Requirements {
    dependencies = List.copyOf(dependencies);
  }
}
