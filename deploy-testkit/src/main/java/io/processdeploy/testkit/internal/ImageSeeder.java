package io.processdeploy.testkit.internal;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.core.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a tiny stand-in image (one small file on a {@linkplain #baseImage() tiny base}) into a
 * registry under the names an application's services refer to, so that the embedded cluster can
 * "pull" them. The stand-in is built once with the same {@link ImageBuilder} as application
 * images and pushed under each name with the same {@link ImageRegistry}, so every stand-in has
 * the same digest.
 */
public final class ImageSeeder {
  /** The entrypoint of {@link #baseImage()}. */
  public static final String ENTRYPOINT = "/stand-in";
  private static final ImageReference STAND_IN_NAME = ImageReference.parse(
      "stand-in.invalid/processdeploy/stand-in:1");

  private final ImageBuilder builder;
  private final ImageRegistry registry;
  private final Path workDirectory;
  private BuiltImage standIn;

  /**
   * @param builder builds the stand-in image
   * @param registry receives it
   * @param workDirectory where the builder may write
   */
  public ImageSeeder(ImageBuilder builder, ImageRegistry registry, Path workDirectory) {
    this.builder = Objects.requireNonNull(builder, "builder was not specified");
    this.registry = Objects.requireNonNull(registry, "registry was not specified");
    this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory was not specified");
  }

  /**
   * A base image for the embedded environment, as {@code docker-archive:/path}: no files, and an
   * entrypoint ({@value #ENTRYPOINT}) that the embedded cluster never runs. Written on first use.
   */
  public synchronized String baseImage() {
    Path tar = workDirectory.resolve("stand-in-base.tar");
    if (!Files.exists(tar)) {
      try {
        WorkDirectory.create(workDirectory);
        Jib.fromScratch().setEntrypoint(List.of(ENTRYPOINT))
            .setCreationTime(Instant.EPOCH).setFormat(ImageFormat.Docker)
            .containerize(Containerizer.to(TarImage.at(tar).named("stand-in-base:1"))
                .setToolName("processdeploy-testkit"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing the stand-in base image", e);
      } catch (Exception e) {
        throw new IllegalStateException("could not write the stand-in base image to " + tar
            + ": " + e, e);
      }
    }
    return Catalog.ARCHIVE_PREFIX + tar;
  }

  /** Seeds every image of {@code images} that the registry does not hold yet. */
  public void seed(Collection<ImageReference> images) {
    images.stream().distinct().forEach(this::seed);
  }

  /**
   * Seeds one image unless the registry holds it already.
   *
   * @return the digest the registry holds for it
   * @throws IllegalArgumentException when {@code image} names another registry
   */
  public synchronized String seed(ImageReference image) {
    if (!image.registry().equals(registry.host())) {
      throw new IllegalArgumentException("image " + image + " is not in registry "
          + registry.host() + "; name it after that registry to seed it");
    }
    return registry.digestOf(image).orElseGet(() -> push(image.withDigest(null)));
  }

  private String push(ImageReference image) {
    BuiltImage built = standIn();
    BuiltImage named = new BuiltImage(image, built.digest(), built.archive(), built.sizeBytes());
    if (builder instanceof ImagePusher pusher && built.archive() == null) {
      return pusher.push(named, registry, ProgressSink.NONE).reference().digest();
    }
    return registry.push(named, ProgressSink.NONE).reference().digest();
  }

  /** The stand-in image, built on first use. */
  private BuiltImage standIn() {
    if (standIn == null) {
      ReleaseContent content = ReleaseContent.ofText(Map.of("stand-in.txt",
          "Stand-in image of the embedded deployment environment\n"));
      ImageBuildRequest request = new ImageBuildRequest("stand-in",
          ReleaseRef.of("stand-in", "1"), content, baseImage(), STAND_IN_NAME,
          Map.of("org.opencontainers.image.title", "stand-in"),
          WorkDirectory.create(workDirectory));
      standIn = builder.build(request, ProgressSink.NONE);
    }
    return standIn;
  }
}
