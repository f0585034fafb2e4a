package io.processdeploy.testkit.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Revision.Outcome;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.tck.cluster.ReadyPodWatch;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.DeploymentEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Updates on the embedded cluster through the Kubernetes target: only the Deployments whose pod
 * template changed roll, every service keeps a ready pod all along, and a revision whose
 * connector crashes is rolled back by itself.
 */
class UpdateEmbeddedTest {
  private static final String APP = "expenses";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private DeploymentEnvironment environment;
  private DeploymentService service;
  private Caller devops;

  @BeforeEach
  void start() {
    environment = DeploymentEnvironment.builder()
        .configureService(b -> b.withUpdateDeadline(Duration.ofSeconds(30)))
        .start();
    environment.releases().add(SampleReleases.expensesReleased("1.2.0"));
    service = environment.service();
    devops = environment.devops();
  }

  @AfterEach
  void stop() {
    environment.close();
  }

  @Test
  void shouldRollOnlyWhatChangedWithAReadyPodOfEveryServiceAllAlong() throws Exception {
    DescriptorRequest v1 = environment.samples().expenses(APP);
    service.deployRelease(devops, v1);
    service.awaitStatus(devops, APP, s -> s == ApplicationStatus.Running, WAIT);
    Map<String, Long> generations = generations();

    Application updated;
    try (ReadyPodWatch watch = new ReadyPodWatch(environment.client(), APP,
        generations.keySet(), Duration.ofMillis(5))) {
      service.update(devops, APP, withRelease(v1, "1.2.0"));
      updated = service.awaitStatus(devops, APP, s -> s != ApplicationStatus.UpdateApp, WAIT);
      watch.close();
      assertThat(watch.samples()).isGreaterThan(3);
      assertThat(watch.longestGaps()).as("longest time without a ready pod, by service")
          .allSatisfy((s, gap) -> assertThat(gap).isZero());
    }

    assertThat(updated.status()).isEqualTo(ApplicationStatus.Running);
    Revision second = updated.currentRevision().orElseThrow();
    assertThat(second.number()).isEqualTo(2);
    assertThat(deployment("runtime-bundle").getSpec().getTemplate().getSpec().getContainers()
        .get(0).getImage()).isEqualTo(second.image());
    Map<String, Long> after = generations();
    assertThat(after.get("runtime-bundle")).isGreaterThan(generations.get("runtime-bundle"));
    Map<String, Long> others = new TreeMap<>(after);
    others.remove("runtime-bundle");
    Map<String, Long> othersBefore = new TreeMap<>(generations);
    othersBefore.remove("runtime-bundle");
    assertThat(others).as("Deployments whose pod template did not change do not roll")
        .isEqualTo(othersBefore);
  }

  @Test
  void shouldRollBackByItselfWhenTheNewConnectorCrashesAndKeepServingMeanwhile()
      throws Exception {
    DescriptorRequest v1 = environment.samples().expenses(APP);
    service.deployRelease(devops, v1);
    service.awaitStatus(devops, APP, s -> s == ApplicationStatus.Running, WAIT);
    String scanner = environment.samples().invoiceScannerImage();
    String crashing = scanner.replace("invoice-scanner", "invoice-scanner-broken");
    environment.publish(crashing);
    environment.cluster().imageCrashes(crashing);

    Application after;
    try (ReadyPodWatch watch = new ReadyPodWatch(environment.client(), APP,
        generations().keySet(), Duration.ofMillis(5))) {
      service.update(devops, APP, SampleReleases.expensesRequest(APP, crashing).build());
      after = service.awaitStatus(devops, APP, s -> s != ApplicationStatus.UpdateApp, WAIT);
      watch.close();
      assertThat(watch.longestGap()).as("longest time any service had no ready pod").isZero();
    }

    assertThat(after.status()).isEqualTo(ApplicationStatus.Running);
    assertThat(after.reason()).contains("rolled back to revision 1").contains("CrashLoopBackOff");
    assertThat(after.revisions()).extracting(Revision::outcome)
        .containsExactly(Outcome.DEPLOYED, Outcome.ROLLED_BACK);
    assertThat(deployment(SampleReleases.INVOICE_SCANNER).getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).isEqualTo(scanner);
    assertThat(service.history(devops, APP).get(1).reason()).contains("CrashLoopBackOff");
  }

  private static DescriptorRequest withRelease(DescriptorRequest r, String version) {
    return new DescriptorRequest(r.name(), ReleaseRef.of(r.release().projectId(), version),
        r.security(), r.connectors(), r.infrastructure());
  }

  private Deployment deployment(String name) {
    return environment.client().apps().deployments().inNamespace(APP).withName(name).get();
  }

  private Map<String, Long> generations() {
    return environment.client().apps().deployments().inNamespace(APP).list().getItems().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(),
            d -> d.getMetadata().getGeneration(), (a, b) -> a, TreeMap::new));
  }

}
