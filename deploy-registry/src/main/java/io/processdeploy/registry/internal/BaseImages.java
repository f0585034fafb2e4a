package io.processdeploy.registry.internal;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The three spellings of a base image: {@code scratch}, {@code docker-archive:/path}, a reference. */
public final class BaseImages {
  /** The empty base image. */
  public static final String SCRATCH = "scratch";
  /** Prefix of a base image given as a Docker-format tar. */
  public static final String DOCKER_ARCHIVE = "docker-archive:";

  private BaseImages() {}

  /** Whether the base is the empty image. */
  public static boolean isScratch(String base) {
    return base.trim().equals(SCRATCH);
  }

  /** Whether the base is a Docker-format tar. */
  public static boolean isArchive(String base) {
    return base.trim().startsWith(DOCKER_ARCHIVE);
  }

  /**
   * The tar of a {@code docker-archive:} base, checked to exist.
   *
   * @throws StepFailedException when the file is missing
   */
  public static Path archive(String base) {
    String file = base.trim().substring(DOCKER_ARCHIVE.length());
    if (file.isEmpty()) {
      throw new StepFailedException("base image '" + base + "' names no file; write"
          + " docker-archive:/path/to/base.tar");
    }
    Path path = Paths.get(file);
    if (!Files.isRegularFile(path)) {
      throw new StepFailedException("base image archive " + path + " does not exist; save the"
          + " base image there (e.g. docker save) or use a registry reference");
    }
    return path;
  }

  /**
   * The registry reference of a base image.
   *
   * @throws StepFailedException when it is not a valid reference
   */
  public static ImageReference reference(String base) {
    try {
      return ImageReference.parse("baseImage", base.trim());
    } catch (ValidationException e) {
      throw new StepFailedException("base image: " + e.getMessage(), false, e);
    }
  }

  /** Whether a registry host is on this machine (HTTP is allowed there, as Docker does). */
  public static boolean isLoopback(String host) {
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
        : host.split(":", 2)[0];
    return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
  }
}
