package io.processdeploy.api.spi;

/**
 * Opt-in capability of an {@link ImageBuilder} that pushes its images itself (e.g. through a
 * Docker engine). Without it, the {@link ImageRegistry} pushes the built archive.
 */
public interface ImagePusher {
  /**
   * Pushes a built image to the registry.
   *
   * @throws io.processdeploy.api.StepFailedException with a reason a person can act on
   */
  PushedImage push(BuiltImage image, ImageRegistry registry, ProgressSink progress);
}
