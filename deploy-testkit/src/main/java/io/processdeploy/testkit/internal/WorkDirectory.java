package io.processdeploy.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A temporary directory an environment owns and deletes when it closes. */
public final class WorkDirectory {
  private final Path path;

  private WorkDirectory(Path path) {
    this.path = path;
  }

  /** Creates a new temporary directory whose name starts with {@code prefix}. */
  public static WorkDirectory temporary(String prefix) {
    try {
      return new WorkDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory: " + e.getMessage()
          + "; check java.io.tmpdir", e);
    }
  }

  /** Creates {@code directory} and its parents when missing; returns it. */
  public static Path create(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create directory " + directory + ": "
          + e.getMessage(), e);
    }
  }

  /** The directory. */
  public Path path() {
    return path;
  }

  /** Deletes the directory and everything in it; what cannot be deleted is left. */
  public void delete() {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // a file still open elsewhere; the rest of the temporary directory is gone
    }
  }
}
