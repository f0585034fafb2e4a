package io.processdeploy.tck.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image as read back from where it was pushed: its manifest digest, its labels and the entries
 * of each layer.
 *
 * @param digest the manifest digest, recomputed from the manifest bytes
 * @param mediaType the manifest's media type
 * @param labels the labels of the image configuration
 * @param layers the entries of each layer, base first
 * @param run what a container of the image runs, from its configuration
 */
public record InspectedImage(String digest, String mediaType, Map<String, String> labels,
    List<List<TarEntries.Entry>> layers, Run run) {
  /** Copies. */
  public InspectedImage {
    labels = Map.copyOf(labels);
    layers = layers.stream().map(List::copyOf).toList();
    run = run == null ? new Run(List.of(), List.of(), "", "", List.of()) : run;
  }

  /** An image whose run configuration was not read. */
  public InspectedImage(String digest, String mediaType, Map<String, String> labels,
      List<List<TarEntries.Entry>> layers) {
    this(digest, mediaType, labels, layers, null);
  }

  /**
   * What a container of the image runs (empty values when the configuration sets none).
   *
   * @param entrypoint {@code Entrypoint}
   * @param cmd {@code Cmd}
   * @param user {@code User}
   * @param workingDir {@code WorkingDir}
   * @param env {@code Env}
   */
  public record Run(List<String> entrypoint, List<String> cmd, String user, String workingDir,
      List<String> env) {
    /** Copies. */
    public Run {
      entrypoint = List.copyOf(entrypoint);
      cmd = List.copyOf(cmd);
      env = List.copyOf(env);
    }
  }

  /** The top layer: the release layer of an application image. */
  public List<TarEntries.Entry> lastLayer() {
    return layers.get(layers.size() - 1);
  }

  /** The regular files of the top layer, by path. */
  public Map<String, TarEntries.Entry> lastLayerFiles() {
    java.util.Map<String, TarEntries.Entry> files = new java.util.TreeMap<>();
    lastLayer().stream().filter(TarEntries.Entry::isFile).forEach(e -> files.put(e.path(), e));
    return files;
  }

  /** A file from any layer, the upper layers winning. */
  public Optional<TarEntries.Entry> file(String path) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      for (TarEntries.Entry e : layers.get(i)) {
        if (e.path().equals(path) && e.isFile()) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }
}
