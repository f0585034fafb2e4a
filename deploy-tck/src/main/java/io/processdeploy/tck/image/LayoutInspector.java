package io.processdeploy.tck.image;

import io.processdeploy.api.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads images back from an OCI image layout directory whose {@code index.json} names each entry's
 * repository ({@code io.processdeploy.repository}) and tag
 * ({@code org.opencontainers.image.ref.name}), as the directory registry writes it.
 */
public final class LayoutInspector implements ImageInspector {
  private final Path directory;

  private LayoutInspector(Path directory) {
    this.directory = directory;
  }

  /** An inspector of the layout in {@code directory}. */
  public static LayoutInspector of(Path directory) {
    return new LayoutInspector(directory);
  }

  @Override
  public Optional<InspectedImage> inspect(ImageReference reference) {
    try {
      Path index = directory.resolve("index.json");
      if (!Files.exists(index)) {
        return Optional.empty();
      }
      for (Object entry : Json.array(Json.object(Json.parse(Files.readAllBytes(index)))
          .get("manifests"))) {
        Map<String, Object> m = Json.object(entry);
        Map<String, Object> a = Json.object(m.get("annotations"));
        String digest = Json.string(m.get("digest"));
        boolean sameRepository = Json.string(a.get("io.processdeploy.repository"))
            .equals(reference.repository());
        boolean match = reference.digest() != null
            ? digest.equals(reference.digest())
            : Json.string(a.get("org.opencontainers.image.ref.name"))
                .equals(reference.tagOrLatest());
        if (sameRepository && match) {
          byte[] manifest = blob(digest);
          return Optional.of(ManifestReader.read(manifest, this::blob));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] blob(String digest) {
    try {
      return Files.readAllBytes(directory.resolve("blobs").resolve("sha256")
          .resolve(digest.substring("sha256:".length())));
    } catch (IOException e) {
      throw new AssertionError("layout " + directory + " lacks blob " + digest, e);
    }
  }
}
