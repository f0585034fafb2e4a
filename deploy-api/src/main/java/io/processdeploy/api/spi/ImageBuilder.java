package io.processdeploy.api.spi;

/**
 * Builds an application image (the ImageBuild step). Found with {@link java.util.ServiceLoader};
 * the highest priority wins. Implementations: Jib (daemonless, the default) and Docker.
 *
 * <p>A builder that can also push through its own engine implements {@link ImagePusher}.
 */
public interface ImageBuilder extends Discoverable {
  /**
   * Builds the image. Reproducible: the same base image and release give the same digest.
   *
   * @throws io.processdeploy.api.StepFailedException with a reason a person can act on (base image
   *     missing, hostile path in the release…)
   */
  BuiltImage build(ImageBuildRequest request, ProgressSink progress);
}
