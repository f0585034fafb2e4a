package io.processdeploy.registry.internal;

import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ImageBuildRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks what goes into the release layer before any layer is written, and stages the release
 * files on disk where a builder needs them there.
 */
public final class ReleaseFiles {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  private ReleaseFiles() {}

  /**
   * Checks the release version (a directory name in the image) and every content path.
   *
   * @throws StepFailedException naming the hostile path or version
   */
  public static void check(ImageBuildRequest request) {
    String version = request.release().version();
    if (!VERSION.matcher(version).matches()) {
      throw new StepFailedException("release version '" + version + "' cannot name the release"
          + " directory " + ImageBuildRequest.RELEASE_ROOT + "<version>/ in the image: use letters,"
          + " digits, '.', '_', '+' and '-' only, starting with a letter or digit");
    }
    for (String path : request.content().paths()) {
      try {
        ReleaseContent.checkPath(path);
      } catch (ValidationException e) {
        throw new StepFailedException("hostile path in the release content, nothing was built: "
            + e.getMessage(), false, e);
      }
    }
  }

  /**
   * Writes the release files into a new directory under {@code parent}; every file lands inside
   * that directory and no path goes through a link.
   *
   * @return the staged files; closing it deletes them
   */
  public static Staged stage(ReleaseContent content, Path parent) throws IOException {
    Files.createDirectories(parent);
    Path root = Files.createTempDirectory(parent, "release-").toRealPath();
    Map<String, Path> staged = new LinkedHashMap<>();
    NavigableMap<String, byte[]> files = content.files();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path file = root.resolve(e.getKey()).normalize();
      if (!file.startsWith(root) || file.equals(root)) {
        throw new StepFailedException("hostile path in the release content: '" + e.getKey()
            + "' leaves the release directory");
      }
      Path dir = file.getParent();
      Files.createDirectories(dir);
      if (!dir.toRealPath().startsWith(root)) {
        throw new StepFailedException("hostile path in the release content: '" + e.getKey()
            + "' goes through a link out of the release directory");
      }
      for (Path p = dir; !p.equals(root); p = p.getParent()) {
        if (Files.isSymbolicLink(p)) {
          throw new StepFailedException("hostile path in the release content: '" + e.getKey()
              + "' goes through a link");
        }
      }
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        out.write(e.getValue());
      }
      staged.put(e.getKey(), file);
    }
    return new Staged(root, staged);
  }

  /**
   * Release files written to disk.
   *
   * @param root the directory holding them
   * @param files relative path (as in the release) to the staged file, sorted by path
   */
  public record Staged(Path root, Map<String, Path> files) implements AutoCloseable {
    /** Deletes the staged files. */
    @Override
    public void close() {
      delete(root);
    }
  }

  /** Deletes a staged directory and everything under it, without following links. */
  public static void delete(Path root) {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover staging directory is harmless
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
