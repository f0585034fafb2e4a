package io.processdeploy.tck.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns a manifest plus a way to fetch blobs into an {@link InspectedImage}. */
final class ManifestReader {
  private ManifestReader() {}

  static InspectedImage read(byte[] manifest, Function<String, byte[]> blobs) {
    Map<String, Object> root = Json.object(Json.parse(manifest));
    String mediaType = Json.string(root.get("mediaType"));
    Map<String, Object> configDescriptor = Json.object(root.get("config"));
    byte[] config = blobs.apply(Json.string(configDescriptor.get("digest")));
    check(config, configDescriptor);
    Map<String, Object> runConfig = Json.object(Json.object(Json.parse(config)).get("config"));
    Map<String, String> labels = new TreeMap<>();
    Json.object(runConfig.get("Labels")).forEach((k, v) -> labels.put(k, Json.string(v)));
    InspectedImage.Run run = new InspectedImage.Run(strings(runConfig.get("Entrypoint")),
        strings(runConfig.get("Cmd")), Json.string(runConfig.get("User")),
        Json.string(runConfig.get("WorkingDir")), strings(runConfig.get("Env")));
    List<List<TarEntries.Entry>> layers = new ArrayList<>();
    for (Object layer : Json.array(root.get("layers"))) {
      Map<String, Object> descriptor = Json.object(layer);
      byte[] blob = blobs.apply(Json.string(descriptor.get("digest")));
      check(blob, descriptor);
      layers.add(TarEntries.read(blob));
    }
    return new InspectedImage(digest(manifest), mediaType, labels, layers, run);
  }

  private static List<String> strings(Object array) {
    List<String> values = new ArrayList<>();
    Json.array(array).forEach(v -> values.add(Json.string(v)));
    return values;
  }

  private static void check(byte[] blob, Map<String, Object> descriptor) {
    String expected = Json.string(descriptor.get("digest"));
    Object size = descriptor.get("size");
    if (!digest(blob).equals(expected) || !(size instanceof Long l) || blob.length != l) {
      throw new AssertionError("blob " + expected + " read back with digest " + digest(blob)
          + " and size " + blob.length + " (manifest says " + size + ")");
    }
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
