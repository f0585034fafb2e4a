package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Revision;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.ReadyPodWatch;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Updates through the deployment service on a cluster, with real images: the sample expenses
 * application moves to a newer release whose runtime bundle serves the new files (read back over
 * HTTP on a real cluster), then to a version whose runtime bundle crashes, which is rolled back by
 * itself. All along, a watch checks every few milliseconds that each service has a ready pod.
 * Prints the update and rollback times and the longest gap without a ready pod.
 */
abstract class UpdateEndToEnd extends RealImagesSuite {
  @Test
  void shouldUpdateToANewReleaseAndRollBackACrashingOneWithAReadyPodAllAlong() throws Exception {
    String name = ClusterPlans.uniqueName("update");
    String crashingBase = RunnableImages.push(registry, Kind.CRASHING);
    if (environment.embedded().isPresent()) {
      environment.embedded().get().imageCrashes(crashingBase);
    }
    InMemoryReleaseSource releases = SampleReleases.source();
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    releases.add(SampleReleases.expensesReleased("1.3.0"));
    OciRegistry applications = OciRegistry.builder(registry)
        .withRepositoryPrefix("processdeploy-e2e/").allowInsecure().build();
    try (DeploymentService service = StandInServices.builder(registry, applications, target,
        work, RunnableImages.push(registry, Kind.SERVICE))
        .withReleaseSource(releases)
        .withUpdateDeadline(Duration.ofMinutes(2))
        .build()) {
      DescriptorRequest v1 = SampleReleases.expensesRequest(name,
          RunnableImages.push(registry, Kind.SERVICE)).build();
      service.deployRelease(DEVOPS, v1);
      assertThat(await(service, name, s -> s == ApplicationStatus.Running).status())
          .isEqualTo(ApplicationStatus.Running);
      Set<String> services = environment.client().apps().deployments().inNamespace(name).list()
          .getItems().stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());

      try (ReadyPodWatch watch = new ReadyPodWatch(environment.client(), name, services,
          Duration.ofMillis(20))) {
        long t0 = System.nanoTime();
        service.update(DEVOPS, name, StandInServices.updateRequest(v1, "1.2.0", null));
        Application updated = await(service, name, s -> s != ApplicationStatus.UpdateApp);
        Duration updateTime = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(updated.status()).as("history %s", updated.history())
            .isEqualTo(ApplicationStatus.Running);
        Revision second = updated.currentRevision().orElseThrow();
        assertThat(second.number()).isEqualTo(2);
        if (environment.isReal()) {
          assertServes(name, second.image(), SampleReleases.expensesReleased("1.2.0"));
        }

        long t1 = System.nanoTime();
        // On the real cluster the runtime bundle is built on a base that exits at once; the
        // embedded cluster cannot tell what an image was built on, so there the custom
        // connector's image is the crashing one.
        service.update(DEVOPS, name, environment.isReal()
            ? StandInServices.updateRequest(v1, "1.3.0", crashingBase)
            : StandInServices.updateRequest(
                SampleReleases.expensesRequest(name, crashingBase).build(), "1.3.0", null));
        Application rolledBack = await(service, name, s -> s != ApplicationStatus.UpdateApp);
        Duration rollbackTime = Duration.ofNanos(System.nanoTime() - t1);
        watch.close();

        assertThat(rolledBack.status()).as("history %s", rolledBack.history())
            .isEqualTo(ApplicationStatus.Running);
        assertThat(rolledBack.reason()).contains("rolled back to revision 2");
        assertThat(rolledBack.revisions()).extracting(Revision::outcome).containsExactly(
            Revision.Outcome.SUPERSEDED, Revision.Outcome.DEPLOYED, Revision.Outcome.ROLLED_BACK);
        assertThat(rolledBack.images().get(Catalog.RUNTIME_BUNDLE)).isEqualTo(second.image());
        assertThat(rolledBack.descriptor().release().version()).isEqualTo("1.2.0");
        if (environment.isReal()) {
          assertServes(name, second.image(), SampleReleases.expensesReleased("1.2.0"));
        }
        System.out.printf("update-e2e (%s): update %d ms, automatic rollback %d ms, longest gap"
            + " without a ready pod %d ms %s (%d looks)%n", environment.isReal() ? "real cluster"
                : "embedded cluster", updateTime.toMillis(), rollbackTime.toMillis(),
            watch.longestGap().toMillis(), watch.longestGaps(), watch.samples());
        assertThat(watch.longestGaps()).as("longest time without a ready pod, by service")
            .allSatisfy((service1, gap) -> assertThat(gap).isZero());
      }
      service.undeploy(DEVOPS, name);
    }
  }

  private Application await(DeploymentService service, String name,
      java.util.function.Predicate<ApplicationStatus> until) {
    return service.awaitStatus(DEVOPS, name, until, environment.patience());
  }

  /** Reads the release's files back over HTTP from a ready runtime-bundle pod of {@code image}. */
  private void assertServes(String namespace, String image,
      io.processdeploy.api.ReleasedProject release) throws Exception {
    java.util.List<Pod> pods = environment.client().pods().inNamespace(namespace)
        .withLabel("app.kubernetes.io/name", Catalog.RUNTIME_BUNDLE).list().getItems();
    Pod pod = pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
        .filter(p -> image.equals(p.getSpec().getContainers().get(0).getImage()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no runtime-bundle pod of " + image + "; pods: "
            + pods.stream().map(p -> p.getMetadata().getName() + " "
                + p.getSpec().getContainers().get(0).getImage() + " deleting="
                + (p.getMetadata().getDeletionTimestamp() != null) + " ip="
                + (p.getStatus() == null ? null : p.getStatus().getPodIP())).toList()
            + "; Deployment image: " + environment.client().apps().deployments()
                .inNamespace(namespace).withName(Catalog.RUNTIME_BUNDLE).get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, byte[]> files = release.content().files();
    assertThat(files).isNotEmpty();
    assertServesRelease(http, pod, files);
  }
}
