package io.processdeploy.testkit.internal;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Puts tiny stand-in images (one small file on an empty base) into a registry under the names an
 * application's services refer to, so that the embedded cluster can "pull" them. Built with the
 * same {@link ImageBuilder} and pushed with the same {@link ImageRegistry} as application images.
 */
public final class ImageSeeder {
  private final ImageBuilder builder;
  private final ImageRegistry registry;
  private final Path workDirectory;

  /**
   * @param builder builds the stand-in images
   * @param registry receives them
   * @param workDirectory where the builder may write
   */
  public ImageSeeder(ImageBuilder builder, ImageRegistry registry, Path workDirectory) {
    this.builder = Objects.requireNonNull(builder, "builder was not specified");
    this.registry = Objects.requireNonNull(registry, "registry was not specified");
    this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory was not specified");
  }

  /** Seeds every image of {@code images} that the registry does not hold yet. */
  public void seed(Collection<ImageReference> images) {
    images.stream().distinct().forEach(this::seed);
  }

  /**
   * Seeds one image unless the registry holds it already.
   *
   * @return the digest the registry holds for it
   */
  public String seed(ImageReference image) {
    if (!image.registry().equals(registry.host())) {
      throw new IllegalArgumentException("image " + image + " is not in registry "
          + registry.host() + "; name it after that registry to seed it");
    }
    return registry.digestOf(image).orElseGet(() -> push(image));
  }

  private String push(ImageReference image) {
    String version = image.tag() != null ? image.tag() : "latest";
    ReleaseContent content = ReleaseContent.ofText(Map.of("stand-in.txt",
        "Stand-in for " + image.withDigest(null) + " in the embedded deployment environment\n"));
    String name = image.repository().replace('/', '-');
    ImageBuildRequest request = new ImageBuildRequest(name,
        ReleaseRef.of(image.repository(), version), content, "scratch", image.withDigest(null),
        Map.of("org.opencontainers.image.title", image.repository()),
        workDirectory.resolve(name));
    WorkDirectory.create(request.workDirectory());
    BuiltImage built = builder.build(request, ProgressSink.NONE);
    if (builder instanceof ImagePusher pusher && built.archive() == null) {
      return pusher.push(built, registry, ProgressSink.NONE).reference().digest();
    }
    return registry.push(built, ProgressSink.NONE).reference().digest();
  }
}
