package io.processdeploy.tck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded cluster answers server-side apply as a real API server does. */
class ServerSideApplyTest {
  private final EmbeddedCluster cluster = EmbeddedCluster.builder().withControllers(false).start();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void shouldCreateThenChangeNothingWhenTheSameObjectIsAppliedAgain() throws Exception {
    Deployment first = apply(deployment("example/web:1"));
    assertThat(first.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(first.getMetadata().getManagedFields()).singleElement()
        .satisfies(e -> assertThat(e.getManager()).isEqualTo("me"));
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch watch = client.apps().deployments().inNamespace("shop").withName("web")
        .watch(recording(events))) {
      Deployment again = apply(deployment("example/web:1"));
      client.apps().deployments().inNamespace("shop").withName("web").edit(d -> {
        d.getMetadata().getLabels().put("barrier", "1");
        return d;
      });
      awaitBarrier(events);
      assertThat(again.getMetadata().getResourceVersion())
          .isEqualTo(first.getMetadata().getResourceVersion());
    }
    assertThat(events).as("events after the watch listed the Deployment")
        .containsExactly("ADDED", "MODIFIED barrier=1");
  }

  @Test
  void shouldBumpTheGenerationOnlyWhenTheSpecChangesAndNeverTouchStatus() {
    Deployment first = apply(deployment("example/web:1"));
    client.apps().deployments().inNamespace("shop").withName("web").editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).build());
      return d;
    });

    Deployment labelled = apply(new DeploymentBuilder(deployment("example/web:1"))
        .editMetadata().addToLabels("tier", "front").endMetadata()
        .withNewStatus().withAvailableReplicas(7).endStatus().build());
    Deployment rolled = apply(deployment("example/web:2"));

    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(labelled.getMetadata().getResourceVersion())
        .isNotEqualTo(first.getMetadata().getResourceVersion());
    assertThat(rolled.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(rolled.getMetadata().getLabels()).doesNotContainKey("tier");
    assertThat(rolled.getStatus().getAvailableReplicas()).isEqualTo(1);
  }

  @Test
  void shouldRemoveWhatTheManagerNoLongerAppliesButKeepWhatOthersSet() {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("shop")
        .endMetadata().addToData("a", "1").addToData("b", "2").build();
    apply(cm);
    client.configMaps().inNamespace("shop").withName("cfg").edit(c -> {
      c.getData().put("theirs", "3");
      return c;
    });

    apply(new ConfigMapBuilder(cm).withData(java.util.Map.of("a", "1")).build());

    assertThat(client.configMaps().inNamespace("shop").withName("cfg").get().getData())
        .containsOnlyKeys("a", "theirs");
  }

  @Test
  void shouldAcceptAYamlBodyAndRequireAFieldManager() throws Exception {
    String path = "api/v1/namespaces/shop/configmaps/cfg";
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\n";

    assertThat(patch(path + "?fieldManager=kubectl", yaml).statusCode()).isEqualTo(201);
    assertThat(client.configMaps().inNamespace("shop").withName("cfg").get().getData())
        .containsEntry("k", "v");
    HttpResponse<String> refused = patch(path, yaml);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("fieldManager is required");
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager("me").forceConflicts().serverSideApply();
  }

  private HttpResponse<String> patch(String path, String yaml) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
        .header("Content-Type", ServerSideApply.CONTENT_TYPE)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(yaml)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Deployment deployment(String image) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
        .addToLabels("app", "web").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static Watcher<Deployment> recording(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment d) {
        String barrier = d.getMetadata().getLabels().get("barrier");
        events.add(action + (barrier == null ? "" : " barrier=" + barrier));
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static void awaitBarrier(List<String> events) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.stream().noneMatch(e -> e.contains("barrier")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
