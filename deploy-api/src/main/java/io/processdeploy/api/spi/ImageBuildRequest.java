package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to build: the application image, made of a base image plus the release content as its own
 * layer under {@link #RELEASE_ROOT}{@code <version>/}.
 *
 * @param application the application name
 * @param release which release
 * @param content the release files
 * @param baseImage the base image: a registry reference, or {@code scratch}, or a path to a
 *     Docker-format tar written as {@code docker-archive:/path/to/base.tar}
 * @param target where the image will be pushed (registry, repository and tag)
 * @param labels OCI labels to put on the image, sorted
 * @param workDirectory a directory the builder may use for its output and caches
 * @param registry the registry the image will be pushed to, or {@code null} when not known. A
 *     builder may use it to build straight into that registry (see {@link ImagePusher}); without
 *     it, a builder writes an archive that any {@link ImageRegistry} can push
 */
public record ImageBuildRequest(String application, ReleaseRef release, ReleaseContent content,
    String baseImage, ImageReference target, Map<String, String> labels, Path workDirectory,
    ImageRegistry registry) {
  /** Where the release content lies in the image. */
  public static final String RELEASE_ROOT = "/project-release/";

  /** Validates and copies. */
  public ImageBuildRequest {
    Objects.requireNonNull(application, "application was not specified");
    Objects.requireNonNull(release, "release was not specified");
    Objects.requireNonNull(content, "content was not specified");
    Objects.requireNonNull(baseImage, "baseImage was not specified");
    Objects.requireNonNull(target, "target was not specified");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
    Objects.requireNonNull(workDirectory, "workDirectory was not specified");
  }

  /** A request that does not say which registry the image will be pushed to. */
  public ImageBuildRequest(String application, ReleaseRef release, ReleaseContent content,
      String baseImage, ImageReference target, Map<String, String> labels, Path workDirectory) {
    this(application, release, content, baseImage, target, labels, workDirectory, null);
  }

  /** This request, to be pushed to {@code registry}. */
  public ImageBuildRequest withRegistry(ImageRegistry registry) {
    return new ImageBuildRequest(application, release, content, baseImage, target, labels,
        workDirectory, registry);
  }

  /** The directory in the image holding this release's files, e.g. {@code /project-release/3/}. */
  public String releaseDirectory() {
    return RELEASE_ROOT + release.version() + "/";
  }
}
