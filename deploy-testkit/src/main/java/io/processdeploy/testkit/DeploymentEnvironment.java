package io.processdeploy.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.helm.HelmExporter;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.ImageAvailability;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.internal.ImageSeeder;
import io.processdeploy.testkit.internal.WorkDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A ready {@link DeploymentService} on embedded defaults, with nothing installed: the
 * {@link EmbeddedCluster} (an in-JVM Kubernetes API server with controllers), a
 * {@link DirectoryRegistry} (images as files, no server) or a real registry when asked, the Jib
 * builder, the Kubernetes target, the Helm exporter, and the sample released projects.
 *
 * <p>The catalog's images (query, the UIs, PostgreSQL, the out-of-the-box connectors) and the
 * sample custom connector are seeded into the registry as tiny stand-in images, and the cluster
 * asks the registry whether an image exists: a Deployment whose image is missing stays in
 * {@code ImagePullBackOff} and its application ends {@code Unknown}, as on a real cluster.
 * The runtime bundle's base is just as tiny: an image whose entrypoint names a program it does
 * not hold. It passes the builder's "can this image run" check, and the embedded cluster never
 * runs a container; on a real cluster ({@link Builder#withRealCluster}) the catalog and the base
 * are small images that really run instead.
 *
 * <pre>{@code
 * try (DeploymentEnvironment env = DeploymentEnvironment.start()) {
 *   DeploymentService service = env.service();
 *   service.deployRelease(env.devops(), env.samples().expenses("expenses"));
 *   service.awaitStatus(env.devops(), "expenses", s -> s == Running, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>In JUnit 5 tests, {@link DeploymentTest} starts and closes it for you.
 */
public final class DeploymentEnvironment implements AutoCloseable {
  /** The devops role of the service and of {@link #devops()} unless another is configured. */
  public static final String DEVOPS_ROLE = "APS_DEVOPS";
  /** Repository path of the catalog images in the registry. */
  public static final String CATALOG_PATH = "catalog";

  private final Path workDirectory;
  private final WorkDirectory ownedDirectory;
  private final ImageRegistry registry;
  private final EmbeddedCluster cluster;
  private final KubernetesClient client;
  private final Catalog catalog;
  private final InMemoryReleaseSource releases;
  private final ClusterTarget target;
  private final DeploymentService service;
  private final EventRecorder events = new EventRecorder();
  private final Caller devops;
  private final SampleProjects samples;
  private final ImageSeeder seeder;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile boolean closed;

  private DeploymentEnvironment(Builder b) {
    ownedDirectory = b.workDirectory == null ? WorkDirectory.temporary("processdeploy-env-") : null;
    workDirectory = b.workDirectory != null ? WorkDirectory.create(b.workDirectory)
        : ownedDirectory.path();
    try {
      registry = b.registryHost == null
          ? DirectoryRegistry.at(workDirectory.resolve("registry"))
          : realRegistry(b.registryHost, b.registryCredentials);
      ImageBuilder builder = new JibImageBuilder();
      String scanner;
      if (b.realClient == null) {
        seeder = new ImageSeeder(builder, registry, workDirectory.resolve("seed"));
        catalog = Catalog.builder().withRegistryPrefix(registry.host() + "/" + CATALOG_PATH)
            .withRuntimeBundleBase(seeder.baseImage()).build();
        scanner = registry.host() + "/acme/invoice-scanner:1.2.0";
        List<ImageReference> seeds = new ArrayList<>(catalog.images().values());
        seeds.addAll(catalog.connectors().values());
        seeds.add(ImageReference.parse(scanner));
        seeder.seed(seeds);
        cluster = EmbeddedCluster.start(availableIn(registry));
        closeables.add(cluster);
        client = cluster.client();
      } else {
        seeder = null;
        cluster = null;
        client = b.realClient;
        catalog = runnableCatalog(registry.host());
        scanner = RunnableImages.push(registry.host(), Kind.SERVICE);
      }
      samples = new SampleProjects(scanner, registry.host() + "/acme/never-published:1.0.0");
      releases = SampleReleases.source();
      KubernetesClusterTarget kubernetes = KubernetesClusterTarget.builder()
          .withClient(client)
          .withBaseUrl(java.net.URI.create(b.gatewayBaseUrl))
          .build();
      closeables.add(kubernetes);
      target = kubernetes;
      devops = Caller.of("devops", b.devopsRole);
      DeploymentService.Builder sb = DeploymentService.builder()
          .withDevopsRole(b.devopsRole)
          .addListener(events)
          .withReleaseSource(releases)
          .withImageBuilder(builder)
          .withImageRegistry(registry)
          .withClusterTarget(target)
          .withExporter(new HelmExporter())
          .withCatalog(catalog)
          .withWorkers(b.workers)
          .withWorkDirectory(workDirectory.resolve("build"));
      b.serviceCustomizers.forEach(c -> c.accept(sb));
      service = sb.build();
      closeables.add(service);
    } catch (RuntimeException | Error e) {
      closeQuietly(e);
      throw e;
    }
  }

  /** Starts an environment with the embedded defaults. */
  public static DeploymentEnvironment start() {
    return builder().start();
  }

  /** Starts describing an environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The ready deployment service. */
  public DeploymentService service() {
    return service;
  }

  /** A caller named {@code devops} holding the devops role, allowed every operation. */
  public Caller devops() {
    return devops;
  }

  /** Every event of every application since the environment started, recovery included. */
  public EventRecorder events() {
    return events;
  }

  /**
   * The embedded cluster, for fault injection.
   *
   * @throws IllegalStateException on a real cluster ({@link Builder#withRealCluster})
   */
  public EmbeddedCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("this environment runs on a real cluster; there is no"
          + " embedded cluster to reach");
    }
    return cluster;
  }

  /** A client of the cluster (shared; closed with the environment when it is the embedded one). */
  public KubernetesClient client() {
    return client;
  }
  /** The registry images are pushed to. */
  public ImageRegistry registry() {
    return registry;
  }

  /** The catalog; its images are in {@link #registry()}. */
  public Catalog catalog() {
    return catalog;
  }

  /** The released projects the service deploys from; add your own with {@code add(..)}. */
  public InMemoryReleaseSource releases() {
    return releases;
  }

  /** Descriptor requests for the sample projects, ready for this environment. */
  public SampleProjects samples() {
    return samples;
  }

  /**
   * Publishes a tiny stand-in image under {@code image} in {@link #registry()}, as a team
   * publishing its custom connector would; pods waiting to pull it start soon after.
   *
   * @param image a reference naming this environment's registry, e.g.
   *     {@code registry.local/acme/fax-connector:1.0}
   * @return the image's digest
   * @throws IllegalArgumentException when the reference names another registry
   */
  public String publish(String image) {
    return seeder.seed(ImageReference.parse(image));
  }

  /** The directory holding the environment's files (registry, builds). */
  public Path workDirectory() {
    return workDirectory;
  }

  /** The parts {@link Embedded} fields are filled with, keyed by the field type. */
  Map<Class<?>, Object> parts() {
    Map<Class<?>, Object> parts = new LinkedHashMap<>();
    parts.put(DeploymentEnvironment.class, this);
    parts.put(DeploymentService.class, service);
    parts.put(EventRecorder.class, events);
    parts.put(Caller.class, devops);
    if (cluster != null) {
      parts.put(EmbeddedCluster.class, cluster);
    }
    parts.put(KubernetesClient.class, client);
    parts.put(ImageRegistry.class, registry);
    parts.put(registry.getClass(), registry);
    parts.put(Catalog.class, catalog);
    parts.put(InMemoryReleaseSource.class, releases);
    parts.put(SampleProjects.class, samples);
    return Collections.unmodifiableMap(parts);
  }

  /** Stops the service, the cluster and the registry's use, and deletes a temporary directory. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(null);
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  private void closeQuietly(Throwable primary) {
    RuntimeException failure = null;
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    closeables.clear();
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        if (primary != null) {
          primary.addSuppressed(e);
        } else if (failure == null) {
          failure = new IllegalStateException("closing the deployment environment failed: " + e,
              e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (ownedDirectory != null) {
      ownedDirectory.delete();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static ImageRegistry realRegistry(String host, RegistryCredentials credentials) {
    OciRegistry.Builder b = OciRegistry.builder(host).allowInsecure();
    if (credentials != null) {
      b.withCredentials(credentials);
    }
    return b.build();
  }

  /**
   * A catalog whose every image really runs, for real clusters: busybox stand-ins in
   * {@code registry} (built and pushed on first use), serving HTTP on the service's port, and a
   * runtime-bundle base that serves its release files.
   *
   * @param registry a plain-HTTP registry on loopback the cluster pulls from, e.g.
   *     {@code 127.0.0.1:5000}
   */
  public static Catalog runnableCatalog(String registry) {
    String service = RunnableImages.push(registry, Kind.SERVICE);
    Catalog.Builder b = Catalog.builder()
        .withRuntimeBundleBase(RunnableImages.push(registry, Kind.RELEASE_SERVER));
    for (String name : Catalog.defaults().images().keySet()) {
      b.withImage(name, name.equals(Catalog.POSTGRESQL)
          ? RunnableImages.push(registry, Kind.DATABASE) : service);
    }
    for (String name : Catalog.defaults().connectors().keySet()) {
      b.withConnector(name, service);
    }
    return b.build();
  }

  /** An image exists when it names the registry and the registry holds it. */
  private static ImageAvailability availableIn(ImageRegistry registry) {
    return image -> {
      try {
        ImageReference ref = ImageReference.parse(image);
        return ref.registry().equals(registry.host()) && registry.digestOf(ref).isPresent();
      } catch (ValidationException | io.processdeploy.api.StepFailedException e) {
        return false;
      }
    };
  }

  @Override
  public String toString() {
    return "DeploymentEnvironment[registry=" + registry + ", cluster="
        + client.getMasterUrl() + "]";
  }

  /** Describes a {@link DeploymentEnvironment}; {@link #start()} starts one. */
  public static final class Builder {
    private String registryHost;
    private RegistryCredentials registryCredentials;
    private int workers = 2;
    private String devopsRole = DEVOPS_ROLE;
    private Path workDirectory;
    private String gatewayBaseUrl = "http://apps.localtest.me/";
    private final List<Consumer<DeploymentService.Builder>> serviceCustomizers = new ArrayList<>();
    private KubernetesClient realClient;

    private Builder() {}

    /**
     * Deploys to a real cluster through {@code client} (kept open; the caller closes it) instead
     * of the embedded one. Needs {@link #withRealRegistry(String)} with a registry that cluster
     * pulls from over plain HTTP (a loopback one, for a cluster on this machine): the catalog's
     * images and the runtime bundle's base are pushed there as runnable busybox stand-ins
     * (Debian's {@code busybox-static} must be installed), which serve HTTP on their port.
     */
    public Builder withRealCluster(KubernetesClient client) {
      this.realClient = Objects.requireNonNull(client, "client was not specified");
      return this;
    }

    /**
     * Pushes images to a real OCI registry at {@code host} (e.g. {@code 127.0.0.1:5000}) over
     * plain HTTP, instead of the embedded directory registry. The catalog stand-in images are
     * pushed there too.
     */
    public Builder withRealRegistry(String host) {
      this.registryHost = Objects.requireNonNull(host, "host was not specified");
      this.registryCredentials = null;
      return this;
    }

    /** Like {@link #withRealRegistry(String)}, for a registry that needs credentials. */
    public Builder withRealRegistry(String host, RegistryCredentials credentials) {
      this.registryHost = Objects.requireNonNull(host, "host was not specified");
      this.registryCredentials = Objects.requireNonNull(credentials,
          "credentials were not specified");
      return this;
    }

    /** How many deployments run at once, 2 by default. */
    public Builder withWorkers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("workers must be 1 or more, was " + value);
      }
      this.workers = value;
      return this;
    }

    /** The role every operation requires, {@value DeploymentEnvironment#DEVOPS_ROLE} by default. */
    public Builder withDevopsRole(String role) {
      Objects.requireNonNull(role, "role was not specified");
      if (role.isBlank()) {
        throw new IllegalArgumentException("devops role must not be blank");
      }
      this.devopsRole = role;
      return this;
    }

    /**
     * Where the environment keeps its files (kept after close); a new temporary directory, deleted
     * on close, by default.
     */
    public Builder withWorkDirectory(Path directory) {
      this.workDirectory = Objects.requireNonNull(directory, "directory was not specified");
      return this;
    }

    /** The gateway base URL application links are made from. */
    public Builder withGatewayBaseUrl(String url) {
      this.gatewayBaseUrl = Objects.requireNonNull(url, "url was not specified");
      return this;
    }

    /**
     * Further settings of the deployment service, applied after the environment's own (e.g.
     * {@code b -> b.withStore(myStore)}).
     */
    public Builder configureService(Consumer<DeploymentService.Builder> customizer) {
      serviceCustomizers.add(Objects.requireNonNull(customizer, "customizer was not specified"));
      return this;
    }

    /** Starts the environment: registry seeded, cluster and service running. */
    public DeploymentEnvironment start() {
      if (realClient != null && registryHost == null) {
        throw new IllegalStateException("withRealCluster needs withRealRegistry: a registry the"
            + " cluster pulls the application's images from");
      }
      return new DeploymentEnvironment(this);
    }

    /** An independent copy of these settings. */
    Builder copy() {
      Builder c = new Builder();
      c.registryHost = registryHost;
      c.registryCredentials = registryCredentials;
      c.workers = workers;
      c.devopsRole = devopsRole;
      c.workDirectory = workDirectory;
      c.gatewayBaseUrl = gatewayBaseUrl;
      c.serviceCustomizers.addAll(serviceCustomizers);
      c.realClient = realClient;
      return c;
    }
  }
}
