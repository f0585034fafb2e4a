package io.processdeploy.testkit.crash;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.core.internal.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a {@link io.processdeploy.core.store.FileStore} directory while another process owns it:
 * its writes replace files atomically, so every file read is a whole record.
 */
final class StoreFiles {
  private final Path root;

  StoreFiles(Path root) {
    this.root = root;
  }

  Optional<Application> application(String name) {
    return read(root.resolve("applications").resolve(name + ".json"), Application.class);
  }

  Map<String, Application> applications() {
    return all("applications", Application.class);
  }

  Map<String, DeploymentDescriptor> descriptors() {
    return all("descriptors", DeploymentDescriptor.class);
  }

  private <T> Map<String, T> all(String kind, Class<T> type) {
    Map<String, T> values = new TreeMap<>();
    Path dir = root.resolve(kind);
    if (!Files.isDirectory(dir)) {
      return values;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && !name.startsWith(".")) {
          read(file, type).ifPresent(v -> values.put(name.substring(0, name.length() - 5), v));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list " + dir + ": " + e, e);
    }
    return values;
  }

  private static <T> Optional<T> read(Path file, Class<T> type) {
    try {
      return Optional.of(Json.store().readValue(file.toFile(), type));
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty(); // not there when it was opened
    } catch (IOException e) {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      throw new AssertionError("the store file " + file + " cannot be read: " + e, e);
    }
  }
}
