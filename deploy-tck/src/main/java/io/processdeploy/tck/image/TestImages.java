package io.processdeploy.tck.image;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small Docker-format image archives ({@code manifest.json}, {@code config.json}, one
 * {@code <digest>.tar.gz} per layer), the form image builders hand to registries, so registry
 * contract tests need no builder.
 */
public final class TestImages {
  private TestImages() {}

  /**
   * Writes an archive with one layer per map in {@code layers}, and returns it as a built image.
   *
   * @param file where to write the tar
   * @param target the image's target
   * @param layers the files of each layer, base first
   */
  @SafeVarargs
  public static BuiltImage archive(Path file, ImageReference target,
      Map<String, String>... layers) {
    return write(file, target, RUN_CONFIG, layers);
  }

  /**
   * Like {@link #archive}, but the image configuration has neither an entrypoint nor a command:
   * a base image nothing can run on.
   */
  @SafeVarargs
  public static BuiltImage archiveWithoutCommand(Path file, ImageReference target,
      Map<String, String>... layers) {
    return write(file, target, "", layers);
  }

  /** What the images of {@link #archive} run: entrypoint, command, user, directory, env. */
  public static final String ENTRYPOINT = "/bin/placeholder";
  /** The command of the images of {@link #archive}. */
  public static final String CMD = "serve";
  /** The user of the images of {@link #archive}. */
  public static final String USER = "1000:1000";
  /** The working directory of the images of {@link #archive}. */
  public static final String WORKING_DIR = "/srv/runtime";
  /** One environment entry of the images of {@link #archive}. */
  public static final String ENV = "RUNTIME_HOME=/srv/runtime";

  private static final String RUN_CONFIG = "\"Entrypoint\":[\"" + ENTRYPOINT + "\"],\"Cmd\":[\""
      + CMD + "\"],\"User\":\"" + USER + "\",\"WorkingDir\":\"" + WORKING_DIR
      + "\",\"Env\":[\"PATH=/usr/bin:/bin\",\"" + ENV + "\"],";

  @SafeVarargs
  private static BuiltImage write(Path file, ImageReference target, String run,
      Map<String, String>... layers) {
    try {
      List<byte[]> blobs = new ArrayList<>();
      List<String> diffIds = new ArrayList<>();
      for (Map<String, String> layer : layers) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!run.isEmpty() && blobs.isEmpty()) {
          // the working directory exists, as in a real runtime image (an engine would otherwise
          // add a layer creating it)
          files.put(WORKING_DIR.substring(1) + "/.keep", new byte[0]);
        }
        layer.forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        diffIds.add(ManifestReader.digest(TarEntries.write(files, false)));
        blobs.add(TarEntries.write(files, true));
      }
      String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{" + run
          + "\"Labels\":"
          + "{\"org.opencontainers.image.title\":\"" + target.repository() + "\"}},"
          + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
          + String.join(",", diffIds.stream().map(d -> "\"" + d + "\"").toList()) + "]}}";
      Map<String, byte[]> entries = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      long size = 0;
      for (byte[] blob : blobs) {
        String name = ManifestReader.digest(blob).substring(7) + ".tar.gz";
        names.add("\"" + name + "\"");
        entries.put(name, blob);
        size += blob.length;
      }
      entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
      entries.put("manifest.json", ("[{\"Config\":\"config.json\",\"RepoTags\":[\"" + target
          + "\"],\"Layers\":[" + String.join(",", names) + "]}]")
          .getBytes(StandardCharsets.UTF_8));
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(TarEntries.write(entries, false));
      }
      return new BuiltImage(target, "sha256:" + "0".repeat(64), file, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
