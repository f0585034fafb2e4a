package io.processdeploy.registry;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
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
import io.processdeploy.registry.internal.Digests;
import io.processdeploy.registry.internal.DockerBuildContext;
import io.processdeploy.registry.internal.EnginePush;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.registry.internal.PushTargets;
import io.processdeploy.registry.internal.ReleaseFiles;
import io.processdeploy.registry.internal.RunnableBase;
import io.processdeploy.registry.internal.SettingChecks;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds application images through a Docker engine (docker-java), for platforms that require
 * one: the same image as {@link JibImageBuilder} (base image, release files under
 * {@link ImageBuildRequest#releaseDirectory()}, the request's labels), from a generated
 * Dockerfile. It also pushes them through the engine ({@link ImagePusher}), checking every item
 * the engine streams back, since a failed push does not fail the call.
 *
 * <p>The base image is pulled (or loaded, for {@code docker-archive:}) and inspected in the engine
 * before building: one with neither an entrypoint nor a command, and {@code scratch}, is refused,
 * since the application image runs what its base runs.
 *
 * <p>The engine is {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}. Registries on
 * this machine may be plain HTTP (the engine's default); others need the engine's
 * {@code insecure-registries} setting.
 *
 * <p>Reproducibility is the engine's: its build cache gives the same image for the same base
 * and release on one engine; another engine gives another image. {@link BuiltImage#digest()} is
 * the engine's image id (the digest of the image configuration), and the manifest digest is
 * known once pushed ({@link PushedImage#reference()}). Pushing to a {@link DirectoryRegistry}
 * saves the image from the engine and stores that archive.
 *
 * <pre>{@code
 * DockerImageBuilder docker = DockerImageBuilder.builder()
 *     .withDockerHost(URI.create("unix:///var/run/docker.sock"))
 *     .build();
 * }</pre>
 */
public final class DockerImageBuilder implements ImageBuilder, ImagePusher, Closeable {
  /** The engine used when neither the builder nor {@code DOCKER_HOST} names one. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

  private final String dockerHost;
  private final Duration timeout;
  private final Map<String, RegistryCredentials> baseCredentials;
  private volatile DockerClient client;

  /** The builder found by {@link java.util.ServiceLoader}: {@code DOCKER_HOST} or the default. */
  public DockerImageBuilder() {
    this(new Builder());
  }

  private DockerImageBuilder(Builder b) {
    this.dockerHost = b.dockerHost != null ? b.dockerHost
        : Optional.ofNullable(System.getenv("DOCKER_HOST")).filter(s -> !s.isBlank())
            .orElse(DEFAULT_DOCKER_HOST);
    this.timeout = b.timeout;
    this.baseCredentials = Map.copyOf(b.baseCredentials);
  }

  /** Starts describing a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "docker";
  }

  /** 50: below {@link JibImageBuilder}, which needs no engine. */
  @Override
  public int priority() {
    return 50;
  }

  /** The engine this builder talks to. */
  public String dockerHost() {
    return dockerHost;
  }

  @Override
  public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
    Objects.requireNonNull(request, "request was not specified");
    Objects.requireNonNull(progress, "progress was not specified");
    ReleaseFiles.check(request);
    ImageReference target = request.target().withTag(request.target().tagOrLatest());
    RunnableBase.requireNotScratch(request.baseImage());
    DockerClient docker = engine();
    String from = from(docker, request.baseImage(), progress);
    requireRunnable(docker, request.baseImage(), from);
    Path context = request.workDirectory().resolve("docker-context-" + request.application()
        + "-" + request.release().version() + ".tar");
    try {
      DockerBuildContext.write(context,
          DockerBuildContext.dockerfile(from, request.releaseDirectory()), request.content());
    } catch (IOException e) {
      throw new StepFailedException("the Docker build context could not be written to the work"
          + " directory: " + e + "; check that it is writable and has space", false, e);
    }
    progress.log("Building " + target + " on " + request.baseImage() + " in the Docker engine at "
        + dockerHost);
    String imageId;
    try (InputStream in = Files.newInputStream(context)) {
      var cmd = docker.buildImageCmd(in)
          .withTags(Set.of(target.toString()))
          .withLabels(request.labels())
          .withRemove(true)
          .withForcerm(true);
      AuthConfigurations auths = new AuthConfigurations();
      baseCredentials.forEach((host, c) -> auths.addConfig(auth(host, c)));
      if (!baseCredentials.isEmpty()) {
        cmd.withBuildAuthConfigs(auths);
      }
      imageId = cmd.exec(new BuildImageResultCallback())
          .awaitImageId(timeout.toSeconds(), TimeUnit.SECONDS);
    } catch (DockerClientException e) {
      throw buildFailure(request.baseImage(), target, e);
    } catch (DockerException e) {
      throw new StepFailedException("the Docker engine refused to build " + target + ": "
          + e.getMessage(), false, e);
    } catch (IOException e) {
      throw new StepFailedException("the Docker build context could not be read: " + e, false, e);
    } catch (RuntimeException e) {
      throw unreachable(e);
    } finally {
      try {
        Files.deleteIfExists(context);
      } catch (IOException ignored) {
        // a leftover context file in the work directory is harmless
      }
    }
    InspectImageResponse inspected = docker.inspectImageCmd(imageId).exec();
    String id = inspected.getId() != null ? inspected.getId() : "sha256:" + imageId;
    long size = inspected.getSize() == null ? 0 : inspected.getSize();
    progress.log("Built " + target + " as image " + id);
    return new BuiltImage(target, id, null, size);
  }

  /** Refuses a base image whose configuration, as the engine holds it, runs nothing. */
  private void requireRunnable(DockerClient docker, String base, String from) {
    ContainerConfig config;
    try {
      config = docker.inspectImageCmd(from).exec().getConfig();
    } catch (DockerException e) {
      throw new StepFailedException("the Docker engine could not inspect base image " + base
          + ": " + e.getMessage(), false, e);
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
    RunnableBase.require(base, list(config == null ? null : config.getEntrypoint()),
        list(config == null ? null : config.getCmd()));
  }

  private static List<String> list(String[] values) {
    return values == null ? null : List.of(values);
  }

  /** Pulls a registry base image into the engine, so that it can be inspected before building. */
  private String pull(DockerClient docker, String base, ProgressSink progress) {
    ImageReference reference = BaseImages.reference(base);
    String name = reference.registry() + "/" + reference.repository();
    String ref = reference.digest() != null ? name + "@" + reference.digest()
        : name + ":" + reference.tagOrLatest();
    progress.log("Pulling base image " + ref + " into the Docker engine");
    try {
      var cmd = docker.pullImageCmd(ref);
      RegistryCredentials c = baseCredentials.get(reference.registry());
      if (c != null) {
        cmd.withAuthConfig(auth(reference.registry(), c));
      }
      if (!cmd.exec(new PullImageResultCallback())
          .awaitCompletion(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new StepFailedException("the Docker engine did not finish pulling base image "
            + base + " within " + timeout.toSeconds() + " s", true, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("pull of base image " + base + " was interrupted", true, e);
    } catch (DockerClientException | DockerException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw BaseImageFailures.of(base, message, "configure them with"
          + " DockerImageBuilder.builder().withBaseImageCredentials(..)", e);
    } catch (RuntimeException e) {
      if (e instanceof StepFailedException s) {
        throw s;
      }
      throw unreachable(e);
    }
    return ref;
  }

  private String from(DockerClient docker, String base, ProgressSink progress) {
    if (BaseImages.isArchive(base)) {
      Path tar = BaseImages.archive(base);
      String imageId;
      try {
        imageId = ImageArchive.read(tar).config().digest();
      } catch (ImageArchive.InvalidArchiveException e) {
        throw new StepFailedException("base image archive: " + e.getMessage(), false, e);
      }
      String name = "processdeploy-base";
      String tag = Digests.hex(imageId).substring(0, 16);
      try (InputStream in = Files.newInputStream(tar)) {
        progress.log("Loading base image archive " + tar + " into the Docker engine");
        docker.loadImageCmd(in).exec();
        docker.tagImageCmd(imageId, name, tag).exec();
      } catch (IOException e) {
        throw new StepFailedException("base image archive " + tar + " could not be read: " + e,
            false, e);
      } catch (DockerException e) {
        throw new StepFailedException("the Docker engine refused base image archive " + tar
            + ": " + e.getMessage(), false, e);
      } catch (RuntimeException e) {
        throw unreachable(e);
      }
      return name + ":" + tag;
    }
    return pull(docker, base, progress);
  }

  @Override
  public PushedImage push(BuiltImage image, ImageRegistry registry, ProgressSink progress) {
    Objects.requireNonNull(image, "image was not specified");
    Objects.requireNonNull(registry, "registry was not specified");
    Objects.requireNonNull(progress, "progress was not specified");
    ImageReference target = image.target();
    PushTargets.requireHost(target, registry.host());
    if (image.archive() != null || registry instanceof DirectoryRegistry) {
      return pushArchive(image, registry, progress);
    }
    DockerClient docker = engine();
    String repository = target.registry() + "/" + target.repository();
    String tag = target.tagOrLatest();
    progress.log("Pushing " + target + " through the Docker engine");
    EnginePush push = new EnginePush(progress);
    try {
      var cmd = docker.pushImageCmd(repository).withTag(tag);
      registry.credentials().ifPresent(c -> cmd.withAuthConfig(auth(registry.host(), c)));
      if (!cmd.exec(push).awaitCompletion(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new StepFailedException("the Docker engine did not finish pushing " + target
            + " within " + timeout.toSeconds() + " s", true, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("push of " + target + " was interrupted", true, e);
    } catch (DockerException e) {
      throw new StepFailedException("the Docker engine refused to push " + target + ": "
          + e.getMessage(), false, e);
    } catch (RuntimeException e) {
      if (e instanceof StepFailedException s) {
        throw s;
      }
      throw unreachable(e);
    }
    List<String> errors = push.errors();
    if (!errors.isEmpty()) {
      throw pushFailure(registry, target, String.join("; ", errors));
    }
    String digest = push.digest().orElseThrow(() -> new StepFailedException("the Docker engine"
        + " pushed " + target + " but reported no digest", true, null));
    PushedImage pushed = new PushedImage(target.withTag(tag).withDigest(digest),
        push.bytesUploaded(), push.layersPushed(), push.layersSkipped());
    progress.log(pushed.summary() + "; the engine does not report the size of the layers it"
        + " skipped");
    return pushed;
  }

  /** Saves the image from the engine and lets the registry store the archive. */
  private PushedImage pushArchive(BuiltImage image, ImageRegistry registry, ProgressSink progress) {
    if (image.archive() != null) {
      return registry.push(image, progress);
    }
    ImageReference target = image.target();
    Path tar = null;
    try {
      tar = Files.createTempFile("processdeploy-image-", ".tar");
      try (InputStream in = engine().saveImageCmd(target.registry() + "/" + target.repository())
          .withTag(target.tagOrLatest()).exec()) {
        Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
      }
      return registry.push(new BuiltImage(target, image.digest(), tar, image.sizeBytes()),
          progress);
    } catch (IOException e) {
      throw new StepFailedException("image " + target + " could not be saved from the Docker"
          + " engine: " + e, false, e);
    } catch (DockerException e) {
      throw new StepFailedException("the Docker engine could not save " + target + ": "
          + e.getMessage(), false, e);
    } finally {
      if (tar != null) {
        try {
          Files.deleteIfExists(tar);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private static AuthConfig auth(String host, RegistryCredentials c) {
    return new AuthConfig().withRegistryAddress(host).withUsername(c.username())
        .withPassword(c.password());
  }

  private static StepFailedException pushFailure(ImageRegistry registry, ImageReference target,
      String errors) {
    String lower = errors.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("unauthorized") || lower.contains("authentication required")) {
      String who = registry.credentials().map(c -> "the credentials of user " + c.username())
          .orElse("anonymous access");
      return new StepFailedException("registry " + registry.host() + " rejected " + who
          + " (" + errors + "); check the user name and password configured for "
          + registry.host(), false, null);
    }
    boolean transientError = lower.contains("connection refused") || lower.contains("timeout")
        || lower.contains("reset") || lower.matches(".*\\b50[0-4]\\b.*");
    return new StepFailedException("the Docker engine could not push " + target + " to registry "
        + registry.host() + ": " + errors, transientError, null);
  }

  private static StepFailedException buildFailure(String base, ImageReference target,
      DockerClientException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    message = message.replaceFirst("^Could not build image: ", "");
    if (!BaseImages.isScratch(base) && !BaseImages.isArchive(base)) {
      ImageReference reference = BaseImages.reference(base);
      if (message.contains(reference.registry()) || message.contains(reference.repository())) {
        return BaseImageFailures.of(base, message, "configure them with"
            + " DockerImageBuilder.builder().withBaseImageCredentials(..)", e);
      }
    }
    return new StepFailedException("the Docker engine could not build " + target + ": "
        + message, false, e);
  }

  private StepFailedException unreachable(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new StepFailedException("no Docker engine answers at " + dockerHost + " (" + root
        + "); start one or set DOCKER_HOST", true, e);
  }

  private DockerClient engine() {
    DockerClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
              .withDockerHost(dockerHost).build();
          var http = new ApacheDockerHttpClient.Builder()
              .dockerHost(config.getDockerHost())
              .sslConfig(config.getSSLConfig())
              .connectionTimeout(Duration.ofSeconds(10))
              .responseTimeout(timeout)
              .build();
          c = DockerClientImpl.getInstance(config, http);
          client = c;
        }
      }
    }
    try {
      c.pingCmd().exec();
    } catch (RuntimeException e) {
      throw unreachable(e);
    }
    return c;
  }

  /**
   * Checks that the engine answers.
   *
   * @throws StepFailedException saying which engine to start when it does not
   */
  public void ping() {
    engine();
  }

  /** Closes the connection to the engine. */
  @Override
  public void close() throws IOException {
    DockerClient c = client;
    if (c != null) {
      c.close();
    }
  }

  /** Describes a {@link DockerImageBuilder}; {@link #build()} makes it. */
  public static final class Builder {
    private String dockerHost;
    private Duration timeout = Duration.ofMinutes(10);
    private final Map<String, RegistryCredentials> baseCredentials = new HashMap<>();

    private Builder() {}

    /** The engine, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}. */
    public Builder withDockerHost(URI dockerHost) {
      this.dockerHost = Objects.requireNonNull(dockerHost, "dockerHost was not specified")
          .toString();
      return this;
    }

    /** Longest time a build or a push may take; 10 minutes by default. */
    public Builder withTimeout(Duration timeout) {
      this.timeout = SettingChecks.timeout(timeout);
      return this;
    }

    /** Credentials the engine uses to pull base images from {@code host}. */
    public Builder withBaseImageCredentials(String host, RegistryCredentials credentials) {
      baseCredentials.put(Objects.requireNonNull(host, "host was not specified"),
          Objects.requireNonNull(credentials, "credentials were not specified"));
      return this;
    }

    /** Makes the builder; it connects to the engine when first used. */
    public DockerImageBuilder build() {
      return new DockerImageBuilder(this);
    }
  }
}
