package io.processdeploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Links;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.DeploymentMetrics;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.k8s.internal.HealthMonitor;
import io.processdeploy.k8s.internal.MetricsRelay;
import io.processdeploy.k8s.internal.NamespaceRemover;
import io.processdeploy.k8s.internal.ObjectWriter;
import io.processdeploy.k8s.internal.Ownership;
import io.processdeploy.k8s.internal.Retry;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link ClusterTarget} for Kubernetes, through the fabric8 kubernetes-client: one namespace
 * per application holding the objects {@link ApplicationManifests} renders; health from two
 * informers shared by every application; removal that never touches what is not ours.
 *
 * <pre>{@code
 * KubernetesClusterTarget target = KubernetesClusterTarget.builder()
 *     .withClient(new KubernetesClientBuilder().build())
 *     .withBaseUrl(URI.create("https://apps.example.com/"))
 *     .withStartupDeadline(Duration.ofMinutes(10))
 *     .withIngressClass("nginx")
 *     .build();
 * }</pre>
 *
 * <p>Found by {@link java.util.ServiceLoader} too; that instance is configured from system
 * properties, else environment variables, else defaults:
 * <table>
 *   <caption>Discovery settings</caption>
 *   <tr><th>System property</th><th>Environment variable</th><th>Default</th></tr>
 *   <tr><td>{@value #BASE_URL_PROPERTY}</td><td>{@code PROCESSDEPLOY_K8S_BASE_URL}</td>
 *       <td>{@value #DEFAULT_BASE_URL}</td></tr>
 *   <tr><td>{@value #STARTUP_DEADLINE_PROPERTY} (ISO-8601, e.g. {@code PT10M})</td>
 *       <td>{@code PROCESSDEPLOY_K8S_STARTUP_DEADLINE}</td><td>{@code PT10M}</td></tr>
 *   <tr><td>{@value #INGRESS_CLASS_PROPERTY}</td><td>{@code PROCESSDEPLOY_K8S_INGRESS_CLASS}</td>
 *       <td>the cluster default</td></tr>
 *   <tr><td>{@value #INSTALLATION_ID_PROPERTY}</td>
 *       <td>{@code PROCESSDEPLOY_K8S_INSTALLATION_ID}</td><td>{@code default}</td></tr>
 * </table>
 * and a client from fabric8's default configuration ({@code KUBECONFIG}, {@code ~/.kube/config}
 * or the in-cluster service account), created on first use.
 *
 * <p>Several installations can share a cluster: each has its own installation id
 * ({@link Builder#withInstallationId}), carried in the owner mark of its namespaces, and every
 * operation (checking, applying, updating permissions, removing, following health, reading logs)
 * refuses or ignores a namespace another installation owns.
 *
 * <p>Thread-safe. {@link #close()} stops the informers (and the client, when this target made it).
 */
public final class KubernetesClusterTarget implements ClusterTarget, AutoCloseable {
  /** System property of the gateway base URL. */
  public static final String BASE_URL_PROPERTY = "processdeploy.k8s.baseUrl";
  /** System property of the startup deadline. */
  public static final String STARTUP_DEADLINE_PROPERTY = "processdeploy.k8s.startupDeadline";
  /** System property of the Ingress class. */
  public static final String INGRESS_CLASS_PROPERTY = "processdeploy.k8s.ingressClass";
  /** System property of the installation id. */
  public static final String INSTALLATION_ID_PROPERTY = "processdeploy.k8s.installationId";
  /** Base URL when none is configured. */
  public static final String DEFAULT_BASE_URL = "http://localhost/";
  /** Startup deadline when none is configured. */
  public static final Duration DEFAULT_STARTUP_DEADLINE = Duration.ofMinutes(10);
  /** Name of the Process Workspace UI service. */
  public static final String PROCESS_WORKSPACE = "process-workspace";
  /** Name of the Content App UI service. */
  public static final String CONTENT_APP = "content-app";

  private static final String HEALTH_COMPONENT = "cluster";

  private final Supplier<KubernetesClient> clientSupplier;
  private final boolean ownsClient;
  private final URI baseUrl;
  private final Duration startupDeadline;
  private final String ingressClass;
  private final Retry retry;
  private final String installationId;
  private final MetricsRelay metrics = new MetricsRelay();
  private KubernetesClient client;
  private HealthMonitor monitor;

  /**
   * The instance {@link java.util.ServiceLoader} makes: settings from system properties or
   * environment variables (see the class description).
   */
  public KubernetesClusterTarget() {
    this(new Builder()
        .withBaseUrl(URI.create(setting(BASE_URL_PROPERTY, "PROCESSDEPLOY_K8S_BASE_URL",
            DEFAULT_BASE_URL)))
        .withStartupDeadline(deadline(setting(STARTUP_DEADLINE_PROPERTY,
            "PROCESSDEPLOY_K8S_STARTUP_DEADLINE", DEFAULT_STARTUP_DEADLINE.toString())))
        .withIngressClass(setting(INGRESS_CLASS_PROPERTY, "PROCESSDEPLOY_K8S_INGRESS_CLASS",
            null))
        .withInstallationId(setting(INSTALLATION_ID_PROPERTY,
            "PROCESSDEPLOY_K8S_INSTALLATION_ID", Ownership.DEFAULT_INSTALLATION)));
  }

  private KubernetesClusterTarget(Builder b) {
    this.ownsClient = b.client == null;
    KubernetesClient given = b.client;
    this.clientSupplier = given != null ? () -> given : () -> new KubernetesClientBuilder().build();
    this.baseUrl = withTrailingSlash(b.baseUrl);
    this.startupDeadline = b.startupDeadline;
    this.ingressClass = b.ingressClass;
    this.retry = b.retry.withMetrics(metrics);
    this.installationId = b.installationId;
  }

  /** A builder; {@link Builder#withClient} is the one setting without a default worth having. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "kubernetes";
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * Counts retried API calls ({@code operation} apply, read, list, delete, log or finalize) and
   * watches lost and established again ({@code resource} deployments or pods) in
   * {@code metrics}.
   */
  @Override
  public void reportMetricsTo(DeploymentMetrics metrics) {
    this.metrics.reportTo(metrics);
  }

  @Override
  public void checkNamespace(String namespace) {
    Ownership.requireOwnedOrAbsent(readNamespace(namespace), namespace, installationId);
  }

  @Override
  public void apply(ApplicationPlan plan, ProgressSink progress) {
    Objects.requireNonNull(plan, "plan was not specified");
    ProgressSink sink = progress == null ? ProgressSink.NONE : progress;
    Namespace existing = readNamespace(plan.namespace());
    Ownership.requireOwnedOrAbsent(existing, plan.namespace(), installationId);
    if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
      throw new StepFailedException("namespace " + plan.namespace() + " is still being deleted;"
          + " deploy again once it is gone", true, null);
    }
    ApplicationManifests manifests = manifests(plan);
    List<HasMetadata> objects = manifests.all();
    ObjectWriter writer = new ObjectWriter(client(), retry);
    writer.upsert(manifests.namespace(), ns -> Ownership.isOwned(ns, installationId));
    int done = 1;
    sink.progress(done, objects.size(), "objects");
    for (HasMetadata object : objects.subList(1, objects.size())) {
      HasMetadata written = writer.upsert(object);
      if (written instanceof Deployment deployment) {
        monitor().applied(plan.namespace(), deployment.getMetadata().getName(),
            deployment.getMetadata().getGeneration());
      }
      sink.progress(++done, objects.size(), "objects");
    }
    sink.log("Created or updated " + objects.size() + " objects in namespace "
        + plan.namespace() + " for services " + plan.services().stream().map(ServicePlan::name)
            .toList());
  }

  @Override
  public Subscription watch(ApplicationPlan plan, Consumer<ClusterHealth> listener) {
    Objects.requireNonNull(plan, "plan was not specified");
    Objects.requireNonNull(listener, "listener was not specified");
    Ownership.requireOwnedOrAbsent(readNamespace(plan.namespace()), plan.namespace(),
        installationId);
    return monitor().watch(plan, listener);
  }

  @Override
  public void updateSecurity(ApplicationPlan plan) {
    Objects.requireNonNull(plan, "plan was not specified");
    Namespace ns = readNamespace(plan.namespace());
    if (ns == null) {
      throw new NotFoundException("application " + plan.name() + " has no namespace "
          + plan.namespace() + "; deploy it first");
    }
    Ownership.requireOwnedOrAbsent(ns, plan.namespace(), installationId);
    ApplicationManifests manifests = manifests(plan);
    ObjectWriter writer = new ObjectWriter(client(), retry);
    writer.upsert(manifests.securityConfigMap());
    for (ApplicationManifests.ServiceManifests service : manifests.services()) {
      Deployment deployment = service.deployment();
      String name = deployment.getMetadata().getName();
      if (!plan.service(name).map(ServicePlan::readsSecurity).orElse(false)) {
        continue;
      }
      Deployment current = retry.call(Retry.Operation.READ,
          "reading Deployment " + plan.namespace() + "/" + name,
          () -> client().apps().deployments().inNamespace(plan.namespace()).withName(name).get());
      if (current == null) {
        throw new NotFoundException("Deployment " + plan.namespace() + "/" + name
            + " does not exist; deploy the application again");
      }
      Deployment written = writer.upsert(deployment);
      monitor().applied(plan.namespace(), name, written.getMetadata().getGeneration());
    }
  }

  @Override
  public void remove(String namespace, RemovalMode mode, Duration timeout) {
    Objects.requireNonNull(namespace, "namespace was not specified");
    Objects.requireNonNull(mode, "mode was not specified");
    Objects.requireNonNull(timeout, "timeout was not specified");
    new NamespaceRemover(client(), retry, installationId).remove(namespace, mode, timeout);
    monitor().forget(namespace);
  }

  /**
   * The application's links: under the gateway's base URL, or under the application's own
   * Ingress host when it sets one ({@code https} when it also sets a TLS secret).
   */
  @Override
  public Links links(ApplicationPlan plan) {
    URI gateway = base(plan).resolve(plan.name() + "/");
    return new Links(gateway, uiLink(plan, PROCESS_WORKSPACE).orElse(null),
        uiLink(plan, CONTENT_APP).orElse(null));
  }

  @Override
  public String logs(String namespace, String service, int tailLines) {
    Namespace ns = readNamespace(namespace);
    if (ns == null) {
      throw new NotFoundException("namespace " + namespace + " does not exist");
    }
    Ownership.requireOwnedOrAbsent(ns, namespace, installationId);
    List<Pod> pods = retry.call(Retry.Operation.LIST,
        "listing the pods of service " + service + " in " + namespace,
        () -> client().pods().inNamespace(namespace)
            .withLabel(Ownership.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
            .withLabel("app.kubernetes.io/name", service).list().getItems());
    Pod pod = pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .max(Comparator.comparing(KubernetesClusterTarget::isRunning)
            .thenComparing(p -> Objects.requireNonNullElse(
                p.getMetadata().getCreationTimestamp(), "")))
        .orElseThrow(() -> new NotFoundException("service " + service + " of namespace "
            + namespace + " has no pod"));
    return retry.call(Retry.Operation.LOG,
        "reading the log of pod " + namespace + "/" + pod.getMetadata().getName(),
        () -> client().pods().inNamespace(namespace).withName(pod.getMetadata().getName())
            .inContainer(service).tailingLines(Math.max(0, tailLines)).getLog());
  }

  /** The objects this target creates for {@code plan}. */
  public ApplicationManifests manifests(ApplicationPlan plan) {
    return Ownership.mark(ApplicationManifests.render(plan, baseUrl, ingressClass),
        installationId);
  }

  /** The id of this installation, carried in the owner mark of its namespaces. */
  public String installationId() {
    return installationId;
  }

  /** The gateway base URL, ending with {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The gateway of this target: its base URL and Ingress class. */
  @Override
  public Optional<Gateway> gateway() {
    return Optional.of(Gateway.of(baseUrl, ingressClass));
  }

  /**
   * Up when the shared informers watch (once a first application is followed), or, before that,
   * when the API server answers its version; down with the reason otherwise. Each call before the
   * first watch makes one request.
   */
  @Override
  public ComponentHealth health() {
    HealthMonitor current;
    synchronized (this) {
      current = monitor;
    }
    if (current != null && current.started()) {
      return current.notFollowing()
          .map(why -> ComponentHealth.down(HEALTH_COMPONENT, why))
          .orElseGet(() -> ComponentHealth.up(HEALTH_COMPONENT,
              "informers watching deployments and pods"));
    }
    try {
      String version = client().getKubernetesVersion().getGitVersion();
      return ComponentHealth.up(HEALTH_COMPONENT, "API server " + version + " answers");
    } catch (RuntimeException e) {
      return ComponentHealth.down(HEALTH_COMPONENT, "API server "
          + client().getMasterUrl() + " does not answer: " + e.getMessage());
    }
  }

  /** Stops the shared informers, and the client when this target created it. */
  @Override
  public synchronized void close() {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
    if (ownsClient && client != null) {
      client.close();
      client = null;
    }
  }

  private Optional<URI> uiLink(ApplicationPlan plan, String name) {
    URI base = base(plan);
    return plan.service(name).filter(s -> s.kind() == ServiceKind.UI).map(s -> {
      String path = ApplicationManifests.ingressPath(base, plan.name(),
          Objects.requireNonNullElse(s.ingressPath(), name));
      return base.resolve(path + "/");
    });
  }

  /** The gateway's base URL, with the application's own Ingress host when it sets one. */
  private URI base(ApplicationPlan plan) {
    IngressSettings ingress = plan.ingress();
    if (ingress.host() == null) {
      return baseUrl;
    }
    boolean tls = ingress.tlsSecretName() != null;
    try {
      return new URI(tls ? "https" : baseUrl.getScheme(), null, ingress.host(),
          tls ? -1 : baseUrl.getPort(), baseUrl.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the Ingress host " + ingress.host() + " makes no URL", e);
    }
  }

  private Namespace readNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace was not specified");
    return retry.call(Retry.Operation.READ, "reading namespace " + namespace,
        () -> client().namespaces().withName(namespace).get());
  }

  private synchronized KubernetesClient client() {
    if (client == null) {
      client = clientSupplier.get();
    }
    return client;
  }

  private synchronized HealthMonitor monitor() {
    if (monitor == null) {
      monitor = new HealthMonitor(client(), startupDeadline, installationId, metrics);
    }
    return monitor;
  }

  private static boolean isRunning(Pod p) {
    return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
  }

  private static URI withTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? uri : URI.create(s + "/");
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static Duration deadline(String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new io.processdeploy.api.ValidationException(STARTUP_DEADLINE_PROPERTY,
          "'" + value + "' is not an ISO-8601 duration; use e.g. PT10M");
    }
  }

  /** Builds a {@link KubernetesClusterTarget}. */
  public static final class Builder {
    private KubernetesClient client;
    private URI baseUrl = URI.create(DEFAULT_BASE_URL);
    private Duration startupDeadline = DEFAULT_STARTUP_DEADLINE;
    private String ingressClass;
    private Retry retry = Retry.DEFAULT;
    private String installationId = Ownership.DEFAULT_INSTALLATION;

    private Builder() {}

    /**
     * The id of this installation, for several installations on one cluster: it goes into the
     * owner mark of every namespace this target creates, and this target neither updates nor
     * removes nor follows a namespace marked by another id (a {@link
     * io.processdeploy.api.ConflictException} names the owner). A Kubernetes label value, e.g.
     * {@code staging-eu}; default {@code default}, which keeps the marks of namespaces created
     * before installation ids existed.
     *
     * @throws io.processdeploy.api.ValidationException naming {@code installationId} when it is
     *     not a label value
     */
    public Builder withInstallationId(String installationId) {
      this.installationId = Ownership.requireInstallationId(installationId);
      return this;
    }

    /**
     * The client to use; the caller keeps it and closes it. Without one, the target makes a
     * client from fabric8's default configuration on first use and closes it itself.
     */
    public Builder withClient(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client was not specified");
      return this;
    }

    /**
     * The gateway base URL (absolute, http or https): its host is the Ingress host and each
     * application answers under {@code <baseUrl>/<application>/}. Default
     * {@value #DEFAULT_BASE_URL}.
     */
    public Builder withBaseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl was not specified");
      if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
          || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
        throw new io.processdeploy.api.ValidationException("baseUrl", "'" + baseUrl
            + "' is not an absolute http(s) URL with a host; use e.g. https://apps.example.com/");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * How long an application may stay PENDING before it is UNKNOWN. Default 10 minutes.
     */
    public Builder withStartupDeadline(Duration startupDeadline) {
      Objects.requireNonNull(startupDeadline, "startupDeadline was not specified");
      if (startupDeadline.isNegative() || startupDeadline.isZero()) {
        throw new io.processdeploy.api.ValidationException("startupDeadline",
            "must be positive, e.g. PT10M");
      }
      this.startupDeadline = startupDeadline;
      return this;
    }

    /**
     * The gateway: {@link #withBaseUrl} and {@link #withIngressClass} at once, from the setting
     * a {@code HelmExporter} can share.
     *
     * @throws io.processdeploy.api.ValidationException naming {@code baseUrl} when the gateway's
     *     base URL is only a path
     */
    public Builder withGateway(Gateway gateway) {
      Objects.requireNonNull(gateway, "gateway was not specified");
      return withBaseUrl(gateway.baseUrl()).withIngressClass(gateway.ingressClassName());
    }

    /** The Ingress class of the gateway; default none (the cluster's default class). */
    public Builder withIngressClass(String ingressClass) {
      this.ingressClass = ingressClass == null || ingressClass.isBlank() ? null : ingressClass;
      return this;
    }

    /**
     * How API calls are retried after a conflict, throttling, server error or lost connection:
     * at most {@code attempts} tries, pausing {@code initialBackoff} and doubling up to
     * {@code maxBackoff}. Default 6 tries from 100 ms up to 2 s.
     */
    public Builder withRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {
      this.retry = new Retry(attempts, initialBackoff, maxBackoff);
      return this;
    }

    /** Builds the target. */
    public KubernetesClusterTarget build() {
      return new KubernetesClusterTarget(this);
    }
  }
}
