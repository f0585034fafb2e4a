package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A Docker-format image tar ({@code manifest.json}, a configuration file and one file per layer,
 * as written by Jib's {@code TarImage} or {@code docker save}) read as registry blobs plus the
 * Docker v2.2 manifest that describes them.
 *
 * <p>Layers stored gzip-compressed are pushed as they are; uncompressed layers are pushed as
 * uncompressed blobs. The manifest is serialized the same way every time, so the same archive
 * content always gives the same manifest digest.
 */
public final class ImageArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final Blob config;
  private final List<Blob> layers;
  private final byte[] manifest;
  private final String manifestDigest;

  private ImageArchive(Path path, Blob config, List<Blob> layers) {
    this.path = path;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.manifest = manifestJson(config, layers);
    this.manifestDigest = Digests.of(manifest);
  }

  /**
   * Reads an archive: parses its {@code manifest.json} and computes every blob's digest.
   *
   * @throws InvalidArchiveException when the file is not a Docker-format image tar
   */
  public static ImageArchive read(Path tar) {
    try (TarFile file = new TarFile(tar)) {
      Map<String, TarArchiveEntry> entries = new HashMap<>();
      for (TarArchiveEntry e : file.getEntries()) {
        entries.put(normalize(e.getName()), e);
      }
      TarArchiveEntry manifestEntry = entries.get("manifest.json");
      if (manifestEntry == null) {
        throw new InvalidArchiveException(tar + " has no manifest.json; it is not a Docker-format"
            + " image archive");
      }
      JsonNode list;
      try (InputStream in = file.getInputStream(manifestEntry)) {
        list = JSON.readTree(in);
      }
      if (!list.isArray() || list.isEmpty() || !list.get(0).hasNonNull("Config")) {
        throw new InvalidArchiveException(tar + " has a manifest.json without an image entry");
      }
      JsonNode image = list.get(0);
      Blob config = blob(file, entries, tar, image.get("Config").asText(),
          MediaTypes.DOCKER_CONFIG);
      List<Blob> layers = new ArrayList<>();
      for (JsonNode layer : image.path("Layers")) {
        layers.add(blob(file, entries, tar, layer.asText(), null));
      }
      return new ImageArchive(tar, config, layers);
    } catch (IOException e) {
      throw new InvalidArchiveException(tar + " could not be read as an image archive: "
          + e.getMessage(), e);
    }
  }

  private static Blob blob(TarFile file, Map<String, TarArchiveEntry> entries, Path tar,
      String name, String mediaType) throws IOException {
    TarArchiveEntry entry = entries.get(normalize(name));
    if (entry == null) {
      throw new InvalidArchiveException(tar + " lists " + name + " in manifest.json but does not"
          + " contain it");
    }
    try (InputStream in = new BufferedInputStream(file.getInputStream(entry))) {
      String type = mediaType;
      if (type == null) {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        type = gzip ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.DOCKER_LAYER_TAR;
      }
      Digests.Sized sized = Digests.of(in);
      return new Blob(sized.digest(), sized.size(), type, entry.getName());
    }
  }

  private static String normalize(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }

  private static byte[] manifestJson(Blob config, List<Blob> layers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    root.set("config", descriptor(config));
    ArrayNode array = root.putArray("layers");
    layers.forEach(layer -> array.add(descriptor(layer)));
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode descriptor(Blob blob) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", blob.mediaType());
    node.put("digest", blob.digest());
    node.put("size", blob.size());
    return node;
  }

  /** The tar file. */
  public Path path() {
    return path;
  }

  /** The image configuration blob. */
  public Blob config() {
    return config;
  }

  /** The layer blobs, base first. */
  public List<Blob> layers() {
    return layers;
  }

  /** The configuration followed by the layers: every blob the manifest refers to. */
  public List<Blob> blobs() {
    List<Blob> all = new ArrayList<>(layers.size() + 1);
    all.addAll(layers);
    all.add(config);
    return all;
  }

  /** The Docker v2.2 manifest, as pushed. */
  public byte[] manifest() {
    return manifest.clone();
  }

  /** The manifest's media type. */
  public String manifestMediaType() {
    return MediaTypes.DOCKER_MANIFEST;
  }

  /** The manifest's digest: the image's digest in any registry it is pushed to. */
  public String manifestDigest() {
    return manifestDigest;
  }

  /** Total bytes of the layers. */
  public long layerBytes() {
    return layers.stream().mapToLong(Blob::size).sum();
  }

  /** Opens one blob's content; the caller closes the stream. */
  public InputStream open(Blob blob) throws IOException {
    TarFile file = new TarFile(path);
    for (TarArchiveEntry e : file.getEntries()) {
      if (e.getName().equals(blob.entryName())) {
        InputStream in = file.getInputStream(e);
        return new java.io.FilterInputStream(in) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              file.close();
            }
          }
        };
      }
    }
    file.close();
    throw new IOException(path + " no longer contains " + blob.entryName());
  }

  /**
   * One blob of the archive.
   *
   * @param digest {@code sha256:<hex>} of the stored bytes
   * @param size bytes
   * @param mediaType its media type in the manifest
   * @param entryName its entry in the tar
   */
  public record Blob(String digest, long size, String mediaType, String entryName) {}

  /** The file is not a Docker-format image tar. */
  public static final class InvalidArchiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidArchiveException(String message) {
      super(message);
    }

    InvalidArchiveException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
