package io.processdeploy.registry;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.internal.BaseImageFailures;
import io.processdeploy.registry.internal.BaseImages;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.registry.internal.ReleaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds application images with Jib, without a Docker engine: the base image plus one layer
 * holding the release files under {@link ImageBuildRequest#releaseDirectory()}, with the request's
 * labels. The default builder (highest priority).
 *
 * <p>Reproducible: files are added sorted, with fixed permissions ({@code 644}, folders
 * {@code 755}), owner root and a fixed modification time, and the image has a fixed creation
 * time, so the same base image and release always give the same digest (a base given by tag is
 * only as stable as that tag).
 *
 * <p>The image is written as a Docker-format tar in the request's work directory and pushed by
 * the {@link io.processdeploy.api.spi.ImageRegistry}, which uploads only the blobs it lacks.
 *
 * <p>Base images: {@code scratch}, a Docker-format tar as {@code docker-archive:/path/base.tar},
 * or a registry reference. Registries on this machine (127.0.0.0/8, localhost) may be plain HTTP,
 * as for Docker; others only when {@link Builder#allowInsecureBaseRegistry(String)} says so.
 *
 * <pre>{@code
 * ImageBuilder builder = JibImageBuilder.builder()
 *     .withBaseImageCredentials("registry.example.com", new RegistryCredentials("ci", secret))
 *     .build();
 * }</pre>
 */
public final class JibImageBuilder implements ImageBuilder {
  /** Modification time of every file in the release layer. */
  public static final Instant FILE_TIME = Instant.ofEpochSecond(1);
  /** Creation time of every image. */
  public static final Instant CREATION_TIME = Instant.EPOCH;
  private static final Logger LOG = LoggerFactory.getLogger(JibImageBuilder.class);
  private static final FilePermissions FILE_PERMISSIONS = FilePermissions.fromOctalString("644");
  private static final FilePermissions FOLDER_PERMISSIONS = FilePermissions.fromOctalString("755");

  private final Map<String, RegistryCredentials> baseCredentials;
  private final CredentialHelper credentialHelper;
  private final Set<String> insecureBaseRegistries;
  private final Path baseImageCache;

  /** The builder found by {@link java.util.ServiceLoader}: no credentials, Jib's default cache. */
  public JibImageBuilder() {
    this(new Builder());
  }

  private JibImageBuilder(Builder b) {
    this.baseCredentials = Map.copyOf(b.baseCredentials);
    this.credentialHelper = b.credentialHelper;
    this.insecureBaseRegistries = Set.copyOf(b.insecureBaseRegistries);
    this.baseImageCache = b.baseImageCache;
  }

  /** Starts describing a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "jib";
  }

  /** 100: higher than the Docker builder, which needs an engine. */
  @Override
  public int priority() {
    return 100;
  }

  @Override
  public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
    Objects.requireNonNull(request, "request was not specified");
    Objects.requireNonNull(progress, "progress was not specified");
    ReleaseFiles.check(request);
    ImageReference target = request.target().withTag(request.target().tagOrLatest());
    Path work = request.workDirectory();
    Path tar = work.resolve(request.application() + "-" + request.release().version() + ".tar");
    JibContainerBuilder jib = base(request.baseImage());
    progress.log("Building " + target + " on " + request.baseImage() + " with "
        + request.content().size() + " release files under " + request.releaseDirectory());
    JibContainer container;
    try (ReleaseFiles.Staged staged = ReleaseFiles.stage(request.content(),
        work.resolve("staging"))) {
      AbsoluteUnixPath dir = AbsoluteUnixPath.get(request.releaseDirectory());
      FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("release")
          .addEntry(staged.root(), dir, FOLDER_PERMISSIONS, FILE_TIME);
      staged.files().forEach((path, file) ->
          layer.addEntry(file, dir.resolve(path), FILE_PERMISSIONS, FILE_TIME));
      jib.addFileEntriesLayer(layer.build())
          .setLabels(request.labels())
          .setCreationTime(CREATION_TIME)
          .setFormat(ImageFormat.Docker);
      Files.deleteIfExists(tar);
      container = jib.containerize(containerizer(tar, target,
          allowsHttp(request.baseImage()), work, progress));
    } catch (IOException e) {
      throw new StepFailedException("image " + target + " could not be written to the work"
          + " directory: " + e + "; check that it is writable and has space", false, e);
    } catch (InvalidImageReferenceException e) {
      throw new StepFailedException("image name " + target + " is not accepted by Jib: "
          + e.getMessage(), false, e);
    } catch (CacheDirectoryCreationException e) {
      throw new StepFailedException("Jib's layer cache could not be created: " + e.getMessage()
          + "; check the base image cache directory", false, e);
    } catch (RegistryException | ExecutionException e) {
      throw baseImageFailure(request.baseImage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("image build of " + target + " was interrupted", true, e);
    }
    ImageArchive archive;
    try {
      archive = ImageArchive.read(tar);
    } catch (ImageArchive.InvalidArchiveException e) {
      throw new StepFailedException("Jib wrote an image archive that cannot be read back: "
          + e.getMessage(), false, e);
    }
    if (!archive.manifestDigest().equals(container.getDigest().toString())) {
      LOG.warn("Jib computed {} for {}, the pushed manifest will be {}", container.getDigest(),
          target, archive.manifestDigest());
    }
    progress.log("Built " + target + " as " + archive.manifestDigest() + " ("
        + archive.layers().size() + " layers, " + archive.layerBytes() + " bytes)");
    return new BuiltImage(target, archive.manifestDigest(), tar, archive.layerBytes());
  }

  /** Whether the base image comes from a registry that may be reached over plain HTTP. */
  private boolean allowsHttp(String base) {
    if (BaseImages.isScratch(base) || BaseImages.isArchive(base)) {
      return false;
    }
    String host = BaseImages.reference(base).registry();
    return BaseImages.isLoopback(host) || insecureBaseRegistries.contains(host);
  }

  private JibContainerBuilder base(String base) {
    if (BaseImages.isScratch(base)) {
      return Jib.fromScratch();
    }
    if (BaseImages.isArchive(base)) {
      return Jib.from(TarImage.at(BaseImages.archive(base)));
    }
    ImageReference reference = BaseImages.reference(base);
    String host = reference.registry();
    RegistryImage image;
    try {
      image = RegistryImage.named(base.trim());
    } catch (InvalidImageReferenceException e) {
      throw new StepFailedException("base image '" + base + "' is not an image reference: "
          + e.getMessage(), false, e);
    }
    Optional<RegistryCredentials> creds = Optional.ofNullable(baseCredentials.get(host))
        .or(() -> credentialHelper.credentialsFor(host));
    creds.ifPresent(c -> image.addCredential(c.username(), c.password()));
    return Jib.from(image);
  }

  private Containerizer containerizer(Path tar, ImageReference target, boolean insecure,
      Path work, ProgressSink progress) throws InvalidImageReferenceException {
    DoubleAdder done = new DoubleAdder();
    Containerizer containerizer = Containerizer.to(TarImage.at(tar).named(target.toString()))
        .setAllowInsecureRegistries(insecure)
        .setApplicationLayersCache(work.resolve("jib-cache"))
        .setToolName("processdeploy")
        .addEventHandler(LogEvent.class, event -> log(event, progress))
        .addEventHandler(ProgressEvent.class, event -> {
          done.add(event.getAllocation().getFractionOfRoot() * event.getUnits()
              / Math.max(1, event.getAllocation().getAllocationUnits()));
          progress.progress(Math.min(100, Math.round(done.sum() * 100)), 100, "percent");
        });
    if (baseImageCache != null) {
      containerizer.setBaseImageLayersCache(baseImageCache);
    }
    return containerizer;
  }

  private static void log(LogEvent event, ProgressSink progress) {
    switch (event.getLevel()) {
      case ERROR, WARN -> progress.log(event.getMessage());
      default -> LOG.debug("jib: {}", event.getMessage());
    }
  }

  private static StepFailedException baseImageFailure(String base, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof RegistryException)) {
      cause = cause.getCause();
    }
    String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof java.net.UnknownHostException) {
      detail = "unknownhost " + detail;
    }
    String hint = "configure them with JibImageBuilder.builder().withBaseImageCredentials(..)";
    if (detail.contains("over HTTP")) {
      hint += "; Jib sends credentials over plain HTTP only when the system property"
          + " sendCredentialsOverHttp is true";
    }
    return BaseImageFailures.of(base, detail, hint, e);
  }

  /** Describes a {@link JibImageBuilder}; {@link #build()} makes it. */
  public static final class Builder {
    private final Map<String, RegistryCredentials> baseCredentials = new HashMap<>();
    private final Set<String> insecureBaseRegistries = new HashSet<>();
    private CredentialHelper credentialHelper = CredentialHelper.none();
    private Path baseImageCache;

    private Builder() {}

    /** Credentials for pulling base images from {@code host}. */
    public Builder withBaseImageCredentials(String host, RegistryCredentials credentials) {
      baseCredentials.put(Objects.requireNonNull(host, "host was not specified"),
          Objects.requireNonNull(credentials, "credentials were not specified"));
      return this;
    }

    /** Where to look up base image credentials that were not given explicitly. */
    public Builder withCredentialHelper(CredentialHelper helper) {
      this.credentialHelper = Objects.requireNonNull(helper, "helper was not specified");
      return this;
    }

    /** Allows pulling base images from {@code host} over plain HTTP. */
    public Builder allowInsecureBaseRegistry(String host) {
      insecureBaseRegistries.add(Objects.requireNonNull(host, "host was not specified"));
      return this;
    }

    /** Where Jib caches base image layers; Jib's user cache by default. */
    public Builder withBaseImageCache(Path directory) {
      this.baseImageCache = Objects.requireNonNull(directory, "directory was not specified");
      return this;
    }

    /** Makes the builder. */
    public JibImageBuilder build() {
      return new JibImageBuilder(this);
    }
  }
}
