package io.processdeploy.api.spi;

/**
 * Builds an application image (the ImageBuild step). Found with {@link java.util.ServiceLoader};
 * the highest priority wins. Implementations: Jib (daemonless, the default) and Docker.
 *
 * <p>A builder that can also push through its own engine implements {@link ImagePusher}.
 */
public interface ImageBuilder extends Discoverable {
  /**
   * Builds the image. Reproducible: the same base image and release give the same digest. The
   * image keeps the base image's entrypoint, command, user, working directory and environment, so
   * a base image that can run nothing (neither entrypoint nor command, such as {@code scratch}) is
   * refused before anything is built.
   *
   * @throws io.processdeploy.api.StepFailedException with a reason a person can act on (base image
   *     missing or without an entrypoint, hostile path in the release…)
   */
  BuiltImage build(ImageBuildRequest request, ProgressSink progress);
}
