package io.processdeploy.tck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.Links;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the cluster tests share: the cluster they run on (a {@link ClusterEnvironment}), the
 * targets under test (closed after each test), fresh application names, working plans, health
 * recorders and waiting. Extended by {@link ClusterTargetContract} and
 * {@link InjectedFaultContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterTestBase {
  /** The gateway base URL the targets are made with. */
  protected static final URI BASE_URL = URI.create("http://apps.example.com/");
  /** The startup deadline of the targets, except in the deadline test. */
  protected static final Duration DEADLINE = Duration.ofMinutes(5);

  private ClusterEnvironment environment;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /**
   * Makes the target under test.
   *
   * @param client the client of the cluster under test (the test closes it, not the target)
   * @param baseUrl the gateway base URL to use
   * @param startupDeadline how long an application may stay pending
   */
  protected abstract ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline);

  /** The cluster to run against; by default as {@link ClusterEnvironment#fromSystemProperties}. */
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.fromSystemProperties();
  }

  @BeforeAll
  final void startCluster() {
    environment = createEnvironment();
  }

  @AfterAll
  final void stopCluster() {
    if (environment != null) {
      environment.close();
    }
  }

  @AfterEach
  final void closeTargets() throws Exception {
    try {
      for (AutoCloseable c : closeables) {
        c.close();
      }
      closeables.clear();
    } finally {
      environment.removeCreatedNamespaces();
    }
  }


  /** The cluster under test. */
  protected final ClusterEnvironment environment() {
    return environment;
  }

  /** A target with the default deadline, closed after the test when it is closeable. */
  protected final ClusterTarget target() {
    return target(DEADLINE);
  }

  /** A target with {@code deadline}, closed after the test when it is closeable. */
  protected final ClusterTarget target(Duration deadline) {
    ClusterTarget target = createTarget(environment.client(), BASE_URL, deadline);
    if (target instanceof AutoCloseable closeable) {
      closeables.add(closeable);
    }
    return target;
  }

  /** A fresh application name starting with {@code tag} (at most 20 characters). */
  protected static String name(String tag) {
    return ClusterPlans.uniqueName(tag);
  }

  /** A plan whose services all work. */
  protected final ApplicationPlan workingPlan(String name) {
    return ClusterPlans.plan(name, environment.image(), environment.port());
  }

  /** Watches {@code plan}, closing the subscription after the test. */
  protected final HealthRecorder watch(ClusterTarget target, ApplicationPlan plan) {
    HealthRecorder recorder = new HealthRecorder();
    Subscription subscription = target.watch(plan, recorder);
    closeables.add(subscription);
    return recorder;
  }


  /** Waits for a condition within the environment's patience. */
  protected final void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + environment.patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + environment.patience());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** The spec of each Deployment in the plan's namespace, as JSON, by name: what a roll changes. */
  protected Map<String, String> deploymentVersions(ApplicationPlan plan) {
    Map<String, String> out = new java.util.TreeMap<>();
    environment.client().apps().deployments().inNamespace(plan.namespace()).list().getItems()
        .forEach(d -> out.put(d.getMetadata().getName(), client().getKubernetesSerialization()
            .asJson(d.getSpec())));
    return out;
  }

  /** The client of the cluster under test. */
  protected KubernetesClient client() {
    return environment.client();
  }

  /** The namespace and its ConfigMaps, each with version, labels, annotations and data. */
  protected Map<String, String> snapshot(String namespace) {
    Map<String, String> out = new java.util.TreeMap<>();
    KubernetesClient client = environment.client();
    Namespace ns = client.namespaces().withName(namespace).get();
    out.put("namespace", describe(ns));
    client.configMaps().inNamespace(namespace).list().getItems()
        .forEach(c -> out.put("configmap " + c.getMetadata().getName(), describe(c)
            + Objects.toString(c.getData())));
    return out;
  }

  /** An object's resource version, labels, annotations and finalizers, on one line. */
  protected static String describe(HasMetadata o) {
    return o.getMetadata().getResourceVersion() + " " + o.getMetadata().getLabels() + " "
        + o.getMetadata().getAnnotations() + " " + o.getMetadata().getFinalizers();
  }

  /** Whether the Deployment has its one replica available. */
  protected static boolean isAvailable(Deployment d) {
    return d.getStatus() != null && Objects.equals(d.getStatus().getAvailableReplicas(), 1);
  }

  /** The UTF-8 text of a base64 value, as Secrets hold it. */
  protected static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** Records what a target reports while applying. */
  protected static final class RecordingSink implements ProgressSink {
    private final List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastDone;
    private volatile long lastTotal;

    @Override
    public void progress(long done, long total, String unit) {
      lastDone = done;
      lastTotal = total;
    }

    @Override
    public void log(String message) {
      logs.add(message);
    }

    /** The log lines received, in order. */
    public List<String> logs() {
      return logs;
    }

    /** The progress's last {@code done} count. */
    public long lastDone() {
      return lastDone;
    }

    /** The progress's last {@code total} count. */
    public long lastTotal() {
      return lastTotal;
    }
  }
}
