package io.processdeploy.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Revision;
import io.processdeploy.api.spi.DeploymentMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Records the library's metrics in a Micrometer {@link MeterRegistry}. Micrometer
 * ({@code io.micrometer:micrometer-core}) is an optional dependency: only this class needs it,
 * and only an application that uses this class has to add it.
 *
 * <pre>{@code
 * DeploymentService service = DeploymentService.builder()
 *     .withMetrics(MicrometerMetrics.of(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>{@value #DEPLOYS}</td><td>counter</td><td>{@code outcome}: Running, Unknown,
 *       ImageBuildFailed, ImagePushFailed, DeployStartedFailed</td></tr>
 *   <tr><td>{@value #UPDATES}</td><td>counter</td><td>{@code outcome}: DEPLOYED, ROLLED_BACK,
 *       FAILED</td></tr>
 *   <tr><td>{@value #STEP}</td><td>timer</td><td>{@code step}: ImageBuild, ImagePush,
 *       DeployStarted, Pending, UpdateApp; {@code outcome}: success, failure</td></tr>
 *   <tr><td>{@value #API_RETRIES}</td><td>counter</td><td>{@code operation}: apply, read, list,
 *       delete, log, finalize</td></tr>
 *   <tr><td>{@value #WATCH_RECONNECTS}</td><td>counter</td><td>{@code resource}: deployments,
 *       pods</td></tr>
 *   <tr><td>{@value #APPLICATIONS}</td><td>gauge</td><td>{@code status}: each
 *       {@link ApplicationStatus}</td></tr>
 * </table>
 *
 * <p>No tag carries an application's name, a user or a secret.
 */
public final class MicrometerMetrics implements DeploymentMetrics {
  /** Deployments by the status their pipeline ended in. */
  public static final String DEPLOYS = "processdeploy.deploys";
  /** Updates and rollbacks by the outcome of their revision. */
  public static final String UPDATES = "processdeploy.updates";
  /** The time of each pipeline step. */
  public static final String STEP = "processdeploy.pipeline.step";
  /** Cluster API calls tried again. */
  public static final String API_RETRIES = "processdeploy.kubernetes.api.retries";
  /** Cluster watches lost and established again. */
  public static final String WATCH_RECONNECTS = "processdeploy.kubernetes.watch.reconnects";
  /** Applications per status. */
  public static final String APPLICATIONS = "processdeploy.applications";

  private final MeterRegistry registry;
  private final AtomicBoolean applicationsRegistered = new AtomicBoolean();

  private MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics recorded in {@code registry}. */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return new MicrometerMetrics(Objects.requireNonNull(registry,
        "meter registry was not specified"));
  }

  @Override
  public void deployFinished(ApplicationStatus outcome) {
    Counter.builder(DEPLOYS).description("Deployments by the status their pipeline ended in")
        .tag("outcome", outcome.name()).register(registry).increment();
  }

  @Override
  public void updateFinished(Revision.Outcome outcome) {
    Counter.builder(UPDATES).description("Updates and rollbacks by the outcome of their revision")
        .tag("outcome", outcome.name()).register(registry).increment();
  }

  @Override
  public void stepFinished(ApplicationStatus step, boolean succeeded, Duration took) {
    Timer.builder(STEP).description("How long applications stay in each pipeline step")
        .tag("step", step.name()).tag("outcome", succeeded ? "success" : "failure")
        .register(registry).record(took.isNegative() ? Duration.ZERO : took);
  }

  @Override
  public void apiRetried(String operation) {
    Counter.builder(API_RETRIES).description("Kubernetes API calls tried again after a transient"
        + " failure").tag("operation", operation).register(registry).increment();
  }

  @Override
  public void watchReconnected(String resource) {
    Counter.builder(WATCH_RECONNECTS).description("Kubernetes watches lost and established again"
        + " by listing anew").tag("resource", resource).register(registry).increment();
  }

  /**
   * Registers one gauge per status, once; a second call is ignored. One scrape of the gauges
   * reads {@code counts} once, not once per status.
   */
  @Override
  public void applicationsByStatus(Supplier<Map<ApplicationStatus, Long>> counts) {
    Objects.requireNonNull(counts, "counts were not specified");
    if (!applicationsRegistered.compareAndSet(false, true)) {
      return;
    }
    StatusCounts perScrape = new StatusCounts(counts);
    for (ApplicationStatus status : ApplicationStatus.values()) {
      Gauge.builder(APPLICATIONS, () -> perScrape.count(status))
          .description("Applications per status").tag("status", status.name())
          .register(registry);
    }
  }
}
