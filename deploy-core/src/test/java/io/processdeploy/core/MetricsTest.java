package io.processdeploy.core;

import static io.processdeploy.api.ApplicationStatus.DeployStarted;
import static io.processdeploy.api.ApplicationStatus.ImageBuild;
import static io.processdeploy.api.ApplicationStatus.ImageBuildFailed;
import static io.processdeploy.api.ApplicationStatus.ImagePush;
import static io.processdeploy.api.ApplicationStatus.Pending;
import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static io.processdeploy.api.ApplicationStatus.UpdateApp;
import static io.processdeploy.core.metrics.MicrometerMetrics.APPLICATIONS;
import static io.processdeploy.core.metrics.MicrometerMetrics.DEPLOYS;
import static io.processdeploy.core.metrics.MicrometerMetrics.STEP;
import static io.processdeploy.core.metrics.MicrometerMetrics.UPDATES;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.metrics.MicrometerMetrics;
import io.processdeploy.tck.release.SampleReleases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a service given Micrometer metrics records, and what it never uses as a tag. */
class MetricsTest extends ServiceTestSupport {
  private static final String APP = "expenses";
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private void startMeasured() {
    start(serviceBuilder().withMetrics(MicrometerMetrics.of(registry)));
  }

  @Test
  void shouldCountARunningDeployOnceAndTimeEachOfItsSteps() {
    startMeasured();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    Application running = awaitStatus(APP, Running);
    waitUntil("the deploy is counted", () -> deploys("Running") == 1);

    for (ApplicationStatus step : List.of(ImageBuild, ImagePush, DeployStarted, Pending)) {
      Timer timer = registry.get(STEP).tag("step", step.name()).tag("outcome", "success")
          .timer();
      assertThat(timer.count()).as("%s timed", step).isEqualTo(1);
      assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).as("time in %s", step)
          .isEqualTo(timeIn(running, step).toNanos());
    }
    assertThat(registry.find(STEP).tag("step", "CreateApp").timer()).isNull();
    assertThat(registry.find(STEP).tag("outcome", "failure").timer()).isNull();

    // Running and Unknown again later are the cluster's reports, not another deploy
    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    awaitStatus(APP, Unknown);
    cluster.report(APP, ClusterHealth.running());
    awaitStatus(APP, Running);
    assertThat(deploys("Running")).isEqualTo(1);
    assertThat(registry.find(DEPLOYS).tag("outcome", "Unknown").counter()).isNull();
  }

  @Test
  void shouldCountAFailedBuildAsImageBuildFailed() {
    startMeasured();
    builder.failure = new StepFailedException("base image acme/base:1 not found", false, null);
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, ImageBuildFailed);
    waitUntil("the deploy is counted", () -> deploys("ImageBuildFailed") == 1);

    assertThat(registry.get(STEP).tag("step", "ImageBuild").tag("outcome", "failure").timer()
        .count()).isEqualTo(1);
    assertThat(registry.find(STEP).tag("step", "ImagePush").timer()).isNull();
    assertThat(registry.find(DEPLOYS).tag("outcome", "Running").counter()).isNull();
  }

  @Test
  void shouldCountADeployWhoseServicesCannotStartAsUnknown() {
    startMeasured();
    cluster.initialHealth = ClusterHealth.unknown("service invoice-scanner: ImagePullBackOff");
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Unknown);
    waitUntil("the deploy is counted", () -> deploys("Unknown") == 1);

    assertThat(registry.get(STEP).tag("step", "Pending").tag("outcome", "failure").timer()
        .count()).isEqualTo(1);
    assertThat(registry.get(STEP).tag("step", "DeployStarted").tag("outcome", "success").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void shouldCountEachUpdateByTheOutcomeOfItsRevisionButNotAsADeploy() {
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    releases.add(SampleReleases.expensesReleased("1.3.0"));
    startMeasured();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Running);

    service.update(DEVOPS, APP, release("1.2.0"));
    waitUntil("the update is counted", () -> updates("DEPLOYED") == 1);
    String good = store.findApplication(APP).orElseThrow().images().values().iterator().next();
    cluster.healthOf = plan -> plan.services().stream().anyMatch(s -> good.equals(s.image()))
        ? ClusterHealth.running() : ClusterHealth.unknown("service query: CrashLoopBackOff");
    service.update(DEVOPS, APP, release("1.3.0"));
    waitUntil("the rolled back update is counted", () -> updates("ROLLED_BACK") == 1);

    assertThat(updates("DEPLOYED")).isEqualTo(1);
    assertThat(registry.get(STEP).tag("step", UpdateApp.name()).tag("outcome", "success").timer()
        .count()).isEqualTo(1);
    assertThat(registry.get(STEP).tag("step", UpdateApp.name()).tag("outcome", "failure").timer()
        .count()).isEqualTo(1);
    assertThat(deploys("Running")).as("the first deploy only").isEqualTo(1);
  }

  @Test
  void shouldGaugeHowManyApplicationsHaveEachStatus() {
    startMeasured();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Running);
    builder.failure = new StepFailedException("base image acme/base:1 not found", false, null);
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("travel").build());
    awaitStatus("travel", ImageBuildFailed);

    assertThat(registry.find(APPLICATIONS).gauges()).as("one gauge per status")
        .hasSize(ApplicationStatus.values().length);
    assertThat(applications(Running)).isEqualTo(1);
    assertThat(applications(ImageBuildFailed)).isEqualTo(1);
    assertThat(applications(Pending)).isZero();

    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    awaitStatus(APP, Unknown);
    assertThat(applications(Running)).isZero();
    assertThat(applications(Unknown)).isEqualTo(1);
  }

  @Test
  void shouldReadTheStoreOncePerScrapeOfTheApplicationGauges() {
    AtomicInteger reads = new AtomicInteger();
    DeploymentStore counted = (DeploymentStore) Proxy.newProxyInstance(
        DeploymentStore.class.getClassLoader(), new Class<?>[] {DeploymentStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("applications")) {
            reads.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    start(serviceBuilder().withStore(counted).withMetrics(MicrometerMetrics.of(registry)));
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Running);

    reads.set(0);
    assertThat(scrapeApplications()).containsEntry("Running", 1.0).containsEntry("Pending", 0.0);
    assertThat(reads).as("store reads of one scrape of %d gauges",
        ApplicationStatus.values().length).hasValue(1);

    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    awaitStatus(APP, Unknown);
    reads.set(0);
    assertThat(scrapeApplications()).as("the next scrape reads again")
        .containsEntry("Running", 0.0).containsEntry("Unknown", 1.0);
    assertThat(reads).hasValue(1);
  }

  /** Every applications gauge read once, as a registry's scrape does: value by status. */
  private Map<String, Double> scrapeApplications() {
    Map<String, Double> values = new HashMap<>();
    registry.find(APPLICATIONS).gauges().forEach(g -> values.put(g.getId().getTag("status"),
        g.value()));
    assertThat(values).hasSize(ApplicationStatus.values().length);
    return values;
  }

  @Test
  void shouldTagNeitherApplicationsNorUsers() {
    startMeasured();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Running);
    waitUntil("the deploy is counted", () -> deploys("Running") == 1);

    Set<String> keys = Set.of("outcome", "step", "status");
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getName()).startsWith("processdeploy.");
      for (Tag tag : meter.getId().getTags()) {
        assertThat(keys).as("tag of %s", meter.getId()).contains(tag.getKey());
        assertThat(tag.getValue()).doesNotContain(APP).doesNotContain(DEVOPS.name());
      }
    }
  }

  @Test
  void shouldDeployAndUpdateWithoutMetrics() {
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    start();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, Running);
    service.update(DEVOPS, APP, release("1.2.0"));
    waitUntil("revision 2 is deployed", () -> store.findApplication(APP).orElseThrow()
        .currentRevision().map(r -> r.number() == 2).orElse(false));
    assertThat(awaitStatus(APP, Running).descriptor().release().version()).isEqualTo("1.2.0");
    assertThat(registry.getMeters()).as("nothing measured unless asked").isEmpty();
  }

  private double deploys(String outcome) {
    var counter = registry.find(DEPLOYS).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double updates(String outcome) {
    var counter = registry.find(UPDATES).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double applications(ApplicationStatus status) {
    return registry.get(APPLICATIONS).tag("status", status.name()).gauge().value();
  }

  /** How long the application's history says it was in {@code step}. */
  private static Duration timeIn(Application app, ApplicationStatus step) {
    List<StatusTransition> history = app.history();
    for (int i = 0; i < history.size() - 1; i++) {
      if (history.get(i).to() == step) {
        return Duration.between(history.get(i).at(), history.get(i + 1).at());
      }
    }
    throw new AssertionError(step + " is not in the history of " + app.name());
  }

  /** The sample expenses request for another release version. */
  private static DescriptorRequest release(String version) {
    return DescriptorRequest.builder(APP,
            ReleaseRef.of(SampleReleases.EXPENSES.projectId(), version))
        .withAdmins(Members.users("alice"))
        .withUsers(Members.groups("accounting"))
        .addConnector(ConnectorRequest.outOfTheBox(SampleReleases.EMAIL_CONNECTOR,
            "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":587,"
                + "\"EMAIL_USERNAME\":\"expenses@example.com\","
                + "\"EMAIL_PASSWORD\":\"mail-pa55word\",\"EMAIL_SSL\":true}"))
        .addConnector(ConnectorRequest.custom(SampleReleases.INVOICE_SCANNER,
            SampleReleases.INVOICE_SCANNER_IMAGE,
            "{\"SCANNER_API_KEY\":\"scan-k3y-0042\",\"SCANNER_DPI\":300}"))
        .build();
  }
}
