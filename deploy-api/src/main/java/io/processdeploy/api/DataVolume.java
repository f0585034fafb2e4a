package io.processdeploy.api;

import java.util.Objects;

/**
 * A persistent volume a service keeps its data on: a PersistentVolumeClaim named
 * {@link ResourceNames#dataClaim(String)} mounted at {@link #mountPath()}, the data itself in
 * the subdirectory {@link #subPath()} of the mount (a fresh file system may hold
 * {@code lost+found}, which PostgreSQL refuses to initialise into).
 *
 * @param size the requested size, a Kubernetes quantity such as {@code 8Gi}
 * @param storageClassName the storage class, or {@code null} for the cluster's default class
 * @param mountPath where the volume is mounted in the container
 * @param subPath the subdirectory of the mount that holds the data
 */
public record DataVolume(String size, String storageClassName, String mountPath,
    String subPath) {
  /** The size claimed when the descriptor gives none. */
  public static final String DEFAULT_SIZE = "8Gi";

  /** Validates. */
  public DataVolume {
    Objects.requireNonNull(size, "size was not specified");
    Objects.requireNonNull(mountPath, "mountPath was not specified");
    Objects.requireNonNull(subPath, "subPath was not specified");
  }

  /** Where the data lies in the container: {@code <mountPath>/<subPath>}. */
  public String dataDirectory() {
    return mountPath + "/" + subPath;
  }
}
