package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded cluster's controllers do what a real cluster would for the objects we create. */
class EmbeddedClusterTest {
  private final EmbeddedCluster cluster = EmbeddedCluster.start(image -> !image.contains("missing"));
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void shouldMakeDeploymentAvailableWhenItsImageExists() {
    createDeployment("ns1", "web", "example/web:1");
    await(() -> available("ns1", "web"));
    List<Pod> pods = client.pods().inNamespace("ns1").withLabel("app", "web").list().getItems();
    assertThat(pods).hasSize(1);
    assertThat(pods.get(0).getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    assertThat(client.pods().inNamespace("ns1").withName(pods.get(0).getMetadata().getName())
        .tailingLines(5).getLog()).contains("Started web");
  }

  @Test
  void shouldLeavePodInImagePullBackOffWhenImageIsMissing() {
    createDeployment("ns2", "web", "example/missing:1");
    await(() -> waitingReason("ns2", "web").equals("ImagePullBackOff"));
    assertThat(available("ns2", "web")).isFalse();
    cluster.imageAvailability(image -> true);
    await(() -> available("ns2", "web"));
  }

  @Test
  void shouldCrashLoopAndHealOnRequest() {
    createDeployment("ns3", "web", "example/web:1");
    await(() -> available("ns3", "web"));
    cluster.crashLoop("ns3", "web");
    await(() -> waitingReason("ns3", "web").equals("CrashLoopBackOff") && !available("ns3", "web"));
    cluster.heal("ns3", "web");
    await(() -> available("ns3", "web"));
  }

  @Test
  void shouldReportProgressDeadlineAndReplicaFailureConditions() {
    createDeployment("ns4", "a", "example/web:1");
    createDeployment("ns4", "b", "example/web:1");
    cluster.progressDeadlineExceeded("ns4", "a");
    cluster.replicaFailure("ns4", "b", "pods \"b\" is forbidden: exceeded quota");
    await(() -> hasCondition("ns4", "a", "Progressing", "False", "ProgressDeadlineExceeded"));
    await(() -> hasCondition("ns4", "b", "ReplicaFailure", "True", "FailedCreate"));
  }

  @Test
  void shouldDelayReadinessOnSlowStart() {
    cluster.slowStart("ns5", "web", Duration.ofMillis(1500));
    createDeployment("ns5", "web", "example/web:1");
    await(() -> client.pods().inNamespace("ns5").list().getItems().size() == 1);
    assertThat(available("ns5", "web")).isFalse();
    await(() -> available("ns5", "web"));
  }

  @Test
  void shouldDeleteNamespaceContentsAndWaitForForeignFinalizers() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns6")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    createDeployment("ns6", "web", "example/web:1");
    client.configMaps().inNamespace("ns6").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("cfg").endMetadata().build()).create();
    await(() -> available("ns6", "web"));
    await(() -> client.namespaces().withName("ns6").get().getMetadata().getFinalizers()
        .contains(EmbeddedCluster.NAMESPACE_FINALIZER));
    client.namespaces().withName("ns6").delete();
    await(() -> client.configMaps().inNamespace("ns6").list().getItems().isEmpty()
        && client.pods().inNamespace("ns6").list().getItems().isEmpty()
        && client.apps().deployments().inNamespace("ns6").list().getItems().isEmpty());
    await(() -> "Terminating".equals(client.namespaces().withName("ns6").get().getStatus()
        .getPhase()));
    // The cluster's namespace controller drops its own finalizer once the contents are gone;
    // wait for that, then release ours the way a real client does: retry on a 409 conflict.
    await(() -> client.namespaces().withName("ns6").get().getMetadata().getFinalizers()
        .equals(List.of("example.com/hold")));
    await(() -> {
      try {
        client.namespaces().withName("ns6").edit(n -> {
          n.getMetadata().getFinalizers().remove("example.com/hold");
          return n;
        });
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        return false;
      }
    });
    await(() -> client.namespaces().withName("ns6").get() == null);
  }

  @Test
  void shouldAnswerInjectedErrorsThenServeNormally() {
    cluster.failNext("POST", "/api/v1/namespaces/ns7/configmaps", 500, 1);
    var cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().build();
    try {
      client.configMaps().inNamespace("ns7").resource(cm).create();
      throw new AssertionError("expected the injected error");
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).isEqualTo(500);
    }
    client.configMaps().inNamespace("ns7").resource(cm).create();
    assertThat(cluster.requestCount("POST", "/api/v1/namespaces/ns7/configmaps")).isEqualTo(2);
  }

  private void createDeployment(String ns, String name, String image) {
    if (client.namespaces().withName(ns).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
          .endMetadata().build()).create();
    }
    Deployment d = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name)
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
        .endTemplate().endSpec().build();
    client.apps().deployments().inNamespace(ns).resource(d).create();
  }

  private boolean available(String ns, String name) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() == 1
        && hasCondition(ns, name, "Available", "True", "MinimumReplicasAvailable");
  }

  private boolean hasCondition(String ns, String name, String type, String status, String reason) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    return d != null && d.getStatus() != null && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type)
            && c.getStatus().equals(status) && c.getReason().equals(reason));
  }

  private String waitingReason(String ns, String name) {
    return client.pods().inNamespace(ns).withLabel("app", name).list().getItems().stream()
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .filter(cs -> cs.getState().getWaiting() != null)
        .map(cs -> cs.getState().getWaiting().getReason()).findFirst().orElse("");
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
