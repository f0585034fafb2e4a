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
 */
public record InspectedImage(String digest, String mediaType, Map<String, String> labels,
    List<List<TarEntries.Entry>> layers) {
  /** Copies. */
  public InspectedImage {
    labels = Map.copyOf(labels);
    layers = layers.stream().map(List::copyOf).toList();
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
