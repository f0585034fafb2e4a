package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.StepFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the parts of image manifests and indexes this library needs. */
public final class Manifests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /**
   * A blob as a manifest describes it.
   *
   * @param mediaType its media type
   * @param digest {@code sha256:<hex>}
   * @param size bytes
   */
  public record Descriptor(String mediaType, String digest, long size) {}

  /**
   * An image manifest's blobs.
   *
   * @param config the image configuration
   * @param layers the layers, base first
   */
  public record Image(Descriptor config, List<Descriptor> layers) {
    /** The layers followed by the configuration: every blob of the image. */
    public List<Descriptor> blobs() {
      List<Descriptor> all = new ArrayList<>(layers);
      all.add(config);
      return all;
    }
  }

  /** Whether a media type is a manifest list or an OCI index. */
  public static boolean isIndex(String mediaType, byte[] body) {
    if (MediaTypes.DOCKER_MANIFEST_LIST.equals(mediaType)
        || MediaTypes.OCI_INDEX.equals(mediaType)) {
      return true;
    }
    return parse(body).has("manifests") && !parse(body).has("config");
  }

  /**
   * The digest of the manifest for {@code os}/{@code architecture} in a manifest list or OCI
   * index, if it lists one.
   */
  public static Optional<String> platform(byte[] index, String os, String architecture) {
    for (JsonNode entry : parse(index).path("manifests")) {
      JsonNode platform = entry.path("platform");
      if (platform.path("os").asText().equals(os)
          && platform.path("architecture").asText().equals(architecture)) {
        return Optional.of(entry.path("digest").asText());
      }
    }
    return Optional.empty();
  }

  /** The blobs of an image manifest (Docker v2.2 or OCI). */
  public static Image image(byte[] manifest) {
    JsonNode root = parse(manifest);
    if (!root.has("config")) {
      throw new StepFailedException("an image manifest without a configuration was served: "
          + "it is not a Docker v2.2 or OCI image manifest", false, null);
    }
    List<Descriptor> layers = new ArrayList<>();
    root.path("layers").forEach(layer -> layers.add(descriptor(layer)));
    return new Image(descriptor(root.get("config")), layers);
  }

  private static Descriptor descriptor(JsonNode node) {
    return new Descriptor(node.path("mediaType").asText(), node.path("digest").asText(),
        node.path("size").asLong());
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new StepFailedException("a registry served a manifest that is not JSON: "
          + e.getMessage(), false, e);
    }
  }
}
