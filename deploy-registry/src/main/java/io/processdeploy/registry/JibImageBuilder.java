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
import com.google.cloud.tools.jib.global.JibSystemProperties;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.internal.BaseImageFailures;
import io.processdeploy.registry.internal.BaseImages;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.registry.internal.JibContainerizers;
import io.processdeploy.registry.internal.PushTargets;
import io.processdeploy.registry.internal.RegistryBaseImage;
import io.processdeploy.registry.internal.ReleaseFiles;
import io.processdeploy.registry.internal.RunnableBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * pinned to the manifest it pointed at when the build was checked).
 *
 * <p>The image runs what the base image runs: Jib keeps the base's entrypoint, command, user,
 * working directory and environment. A base image with neither an entrypoint nor a command (and
 * {@code scratch}) is refused before anything is built.
 *
 * <p>Two ways to the registry:
 * <ul>
 *   <li><b>Registry to registry</b>, when the base image is a registry reference and the request's
 *       {@link ImageBuildRequest#registry()} is an {@link OciRegistry}: {@link #build} checks the
 *       base image (manifest and configuration only) and stages the release files;
 *       {@link #push} runs Jib from the base image's registry straight into the target registry.
 *       Jib pulls a base layer only when the target lacks it, and pushes only missing blobs;
 *       base layers in another repository of the target registry are mounted first, so they are
 *       neither downloaded nor uploaded. {@link BuiltImage#digest()} then identifies the build's
 *       inputs; the image's manifest digest is in the {@link PushedImage}.</li>
 *   <li><b>Through an archive</b> otherwise ({@code docker-archive:} base, a
 *       {@link DirectoryRegistry}, no registry in the request, or credentials Jib would have to
 *       send over plain HTTP without its {@code sendCredentialsOverHttp} property): the image is
 *       written as a Docker-format tar in the request's work directory and the
 *       {@link ImageRegistry} pushes it, uploading only the blobs it lacks.</li>
 * </ul>
 *
 * <p>Base images: {@code docker-archive:/path/base.tar} or a registry reference. Registries on
 * this machine (127.0.0.0/8, localhost) may be plain HTTP, as for Docker; others only when
 * {@link Builder#allowInsecureBaseRegistry(String)} says so. A base image in the target registry
 * is read with the target registry's credentials unless base image credentials are configured
 * for that host.
 *
 * <pre>{@code
 * ImageBuilder builder = JibImageBuilder.builder()
 *     .withBaseImageCredentials("registry.example.com", new RegistryCredentials("ci", secret))
 *     .build();
 * }</pre>
 */
public final class JibImageBuilder implements ImageBuilder, ImagePusher {
  /** Modification time of every file in the release layer. */
  public static final Instant FILE_TIME = Instant.ofEpochSecond(1);
  /** Creation time of every image. */
  public static final Instant CREATION_TIME = Instant.EPOCH;
  private static final Logger LOG = LoggerFactory.getLogger(JibImageBuilder.class);
  private static final FilePermissions FILE_PERMISSIONS = FilePermissions.fromOctalString("644");
  private static final FilePermissions FOLDER_PERMISSIONS = FilePermissions.fromOctalString("755");
  private static final String CREDENTIALS_HINT =
      "configure them with JibImageBuilder.builder().withBaseImageCredentials(..)";

  private final Map<String, RegistryCredentials> baseCredentials;
  private final CredentialHelper credentialHelper;
  private final Set<String> insecureBaseRegistries;
  private final Path baseImageCache;
  /** Builds checked and staged for a push straight into the registry, by target. */
  private final Map<ImageReference, StagedBuild> staged = new ConcurrentHashMap<>();

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
    String base = request.baseImage();
    RunnableBase.requireNotScratch(base);
    progress.log("Building " + target + " on " + base + " with " + request.content().size()
        + " release files under " + request.releaseDirectory());
    if (BaseImages.isArchive(base)) {
      requireRunnableArchive(base);
      return buildArchive(request, target, Jib.from(TarImage.at(BaseImages.archive(base))),
          progress);
    }
    RegistryBaseImage checked = RegistryBaseImage.read(base, allowsHttp(base),
        baseCredentials(BaseImages.reference(base).registry(), request.registry()),
        CREDENTIALS_HINT);
    RunnableBase.requireConfig(base, checked.config());
    Optional<String> straight = straightInto(request.registry());
    if (straight.isEmpty()) {
      return buildArchive(request, target, Jib.from(baseImage(checked, request.registry())),
          progress);
    }
    progress.log(straight.get());
    return stage(request, target, checked, progress);
  }

  /**
   * Why the image goes straight into {@code registry} when pushed, or empty when it is written as
   * an archive instead.
   */
  private static Optional<String> straightInto(ImageRegistry registry) {
    if (!(registry instanceof OciRegistry oci)) {
      return Optional.empty();
    }
    if (oci.allowInsecure() && oci.credentials().isPresent()
        && !JibSystemProperties.sendCredentialsOverHttp()) {
      LOG.info("{} may be plain HTTP and needs credentials, which Jib sends over HTTP only with"
          + " the system property {}=true: writing an archive for the registry to push", oci,
          JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
      return Optional.empty();
    }
    return Optional.of("The image will be built straight into registry " + oci.host()
        + " when pushed: only the blobs it lacks are sent");
  }

  /** Stages the release files for {@link #push}; the build is identified by its inputs. */
  private BuiltImage stage(ImageBuildRequest request, ImageReference target,
      RegistryBaseImage base, ProgressSink progress) {
    String id = StagedBuild.id(request, target, base.manifestDigest());
    StagedBuild build;
    try {
      build = new StagedBuild(id, target, request, base, ReleaseFiles.stage(request.content(),
          request.workDirectory().resolve("staging")));
    } catch (IOException e) {
      throw new StepFailedException("the release files of " + target + " could not be staged"
          + " in the work directory: " + e + "; check that it is writable and has space", false,
          e);
    }
    StagedBuild previous = staged.put(target, build);
    if (previous != null) {
      previous.close();
    }
    long size = base.layerBytes() + build.releaseBytes();
    progress.log("Checked base image " + base.reference() + " (" + base.manifestDigest() + ", "
        + base.image().layers().size() + " layers, " + base.layerBytes() + " bytes) and staged "
        + "the release layer of " + target + " as build " + id);
    return new BuiltImage(target, id, null, size);
  }

  /**
   * Pushes an image: one built through an archive is pushed by the registry; one staged by
   * {@link #build} for an {@link OciRegistry} is built by Jib straight into that registry.
   */
  @Override
  public PushedImage push(BuiltImage image, ImageRegistry registry, ProgressSink progress) {
    Objects.requireNonNull(image, "image was not specified");
    Objects.requireNonNull(registry, "registry was not specified");
    Objects.requireNonNull(progress, "progress was not specified");
    PushTargets.requireHost(image.target(), registry.host());
    if (image.archive() != null) {
      return registry.push(image, progress);
    }
    StagedBuild build = staged.get(image.target());
    if (build == null || !build.id().equals(image.digest())) {
      throw new StepFailedException("image " + image.target() + " (" + image.digest() + ") has"
          + " no archive and is not a build of this builder waiting for its push; build it"
          + " again", false, null);
    }
    if (!(registry instanceof OciRegistry oci)) {
      throw new StepFailedException("image " + image.target() + " was built to go straight into"
          + " an OCI registry, not into " + registry + "; build it again for that registry",
          false, null);
    }
    PushedImage pushed = new JibRegistryPush(oci, baseImageCache, progress).push(build,
        () -> Jib.from(baseImage(build.base(), oci)),
        allowsHttp(build.request().baseImage()) || oci.allowInsecure());
    staged.remove(image.target(), build);
    build.close();
    return pushed;
  }

  private BuiltImage buildArchive(ImageBuildRequest request, ImageReference target,
      JibContainerBuilder jib, ProgressSink progress) {
    Path work = request.workDirectory();
    Path tar = work.resolve(request.application() + "-" + request.release().version() + ".tar");
    JibContainer container;
    try (ReleaseFiles.Staged files = ReleaseFiles.stage(request.content(),
        work.resolve("staging"))) {
      releaseLayer(jib, request, files);
      Files.deleteIfExists(tar);
      container = jib.containerize(containerizer(tar, target,
          allowsHttp(request.baseImage()), work, progress));
    } catch (IOException e) {
      throw new StepFailedException("image " + target + " could not be written to the work"
          + " directory: " + e + "; check that it is writable and has space", false, e);
    } catch (InvalidImageReferenceException | CacheDirectoryCreationException e) {
      throw JibContainerizers.setupFailure(target, e);
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

  /**
   * Adds the release layer, labels, creation time and format to {@code jib}: everything of the
   * application image that is not the base image.
   */
  static JibContainerBuilder releaseLayer(JibContainerBuilder jib, ImageBuildRequest request,
      ReleaseFiles.Staged files) {
    AbsoluteUnixPath dir = AbsoluteUnixPath.get(request.releaseDirectory());
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("release")
        .addEntry(files.root(), dir, FOLDER_PERMISSIONS, FILE_TIME);
    files.files().forEach((path, file) ->
        layer.addEntry(file, dir.resolve(path), FILE_PERMISSIONS, FILE_TIME));
    return jib.addFileEntriesLayer(layer.build())
        .setLabels(request.labels())
        .setCreationTime(CREATION_TIME)
        .setFormat(ImageFormat.Docker);
  }

  /** Refuses a {@code docker-archive:} base whose configuration runs nothing. */
  private static void requireRunnableArchive(String base) {
    ImageArchive archive;
    try {
      archive = ImageArchive.read(BaseImages.archive(base));
    } catch (ImageArchive.InvalidArchiveException e) {
      throw new StepFailedException("base image archive: " + e.getMessage(), false, e);
    }
    try (InputStream in = archive.open(archive.config())) {
      RunnableBase.requireConfig(base, in.readAllBytes());
    } catch (IOException e) {
      throw new StepFailedException("base image archive " + archive.path() + " could not be"
          + " read: " + e, false, e);
    }
  }

  /** Whether the base image comes from a registry that may be reached over plain HTTP. */
  private boolean allowsHttp(String base) {
    if (BaseImages.isScratch(base) || BaseImages.isArchive(base)) {
      return false;
    }
    String host = BaseImages.reference(base).registry();
    return BaseImages.isLoopback(host) || insecureBaseRegistries.contains(host);
  }

  /**
   * The credentials for base images from {@code host}: configured ones, else the credential
   * helper's, else those of the target registry when the base lives there.
   */
  private Optional<RegistryCredentials> baseCredentials(String host, ImageRegistry target) {
    return Optional.ofNullable(baseCredentials.get(host))
        .or(() -> credentialHelper.credentialsFor(host))
        .or(() -> target != null && target.host().equals(host) ? target.credentials()
            : Optional.empty());
  }

  /** The base as Jib pulls it, pinned to the manifest that was checked. */
  private RegistryImage baseImage(RegistryBaseImage base, ImageRegistry target) {
    ImageReference pinned = base.reference().withTag(null).withDigest(base.manifestDigest());
    RegistryImage image;
    try {
      image = RegistryImage.named(pinned.toString());
    } catch (InvalidImageReferenceException e) {
      throw new StepFailedException("base image '" + base.reference() + "' is not an image"
          + " reference: " + e.getMessage(), false, e);
    }
    baseCredentials(base.reference().registry(), target)
        .ifPresent(c -> image.addCredential(c.username(), c.password()));
    return image;
  }

  private Containerizer containerizer(Path tar, ImageReference target, boolean insecure,
      Path work, ProgressSink progress) throws InvalidImageReferenceException {
    Containerizer containerizer = JibContainerizers.to(TarImage.at(tar).named(target.toString()))
        .setAllowInsecureRegistries(insecure)
        .setApplicationLayersCache(work.resolve("jib-cache"))
        .addEventHandler(LogEvent.class, event -> log(event, progress))
        .addEventHandler(ProgressEvent.class, percent(progress));
    if (baseImageCache != null) {
      containerizer.setBaseImageLayersCache(baseImageCache);
    }
    return containerizer;
  }

  /** Reports Jib's progress events as a percentage of the whole build. */
  static java.util.function.Consumer<ProgressEvent> percent(ProgressSink progress) {
    DoubleAdder done = new DoubleAdder();
    return event -> {
      done.add(event.getAllocation().getFractionOfRoot() * event.getUnits()
          / Math.max(1, event.getAllocation().getAllocationUnits()));
      progress.progress(Math.min(100, Math.round(done.sum() * 100)), 100, "percent");
    };
  }

  static void log(LogEvent event, ProgressSink progress) {
    switch (event.getLevel()) {
      case ERROR, WARN -> progress.log(event.getMessage());
      default -> LOG.debug("jib: {}", event.getMessage());
    }
  }

  static StepFailedException baseImageFailure(String base, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof RegistryException)) {
      cause = cause.getCause();
    }
    String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof java.net.UnknownHostException) {
      detail = "unknownhost " + detail;
    }
    String hint = CREDENTIALS_HINT;
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
