package io.processdeploy.api.spi;

/**
 * Opt-in capability of an {@link ImageBuilder} that pushes its images itself: through a Docker
 * engine, or by building straight from the base image's registry into the target registry (the
 * {@link ImageBuildRequest#registry()} it was built for). Without it, the {@link ImageRegistry}
 * pushes the built archive. A pusher given an image with an {@link BuiltImage#archive()} lets the
 * registry push that archive.
 */
public interface ImagePusher {
  /**
   * Pushes a built image to the registry.
   *
   * @throws io.processdeploy.api.StepFailedException with a reason a person can act on
   */
  PushedImage push(BuiltImage image, ImageRegistry registry, ProgressSink progress);
}
