package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.k8s.internal.ObjectWriter;
import io.processdeploy.k8s.internal.Ownership;
import io.processdeploy.k8s.internal.Retry;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server-side apply keeps what the cluster and others own. On the bare embedded cluster. */
class ObjectWriterTest {
  private final EmbeddedCluster cluster = EmbeddedCluster.builder().withControllers(false).start();
  private final KubernetesClient client = cluster.client();
  private final ObjectWriter writer = new ObjectWriter(client,
      new Retry(3, Duration.ofMillis(1), Duration.ofMillis(5)));
  private final ApplicationManifests manifests = ApplicationManifests.render(
      ClusterPlans.plan("writer", "example/svc:1", 8080), URI.create("http://gw/"), null);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void shouldKeepStatusFinalizersAndForeignMetadataOnUpdate() {
    Deployment desired = manifests.services().get(0).deployment();
    writer.upsert(desired);
    client.apps().deployments().inNamespace("writer").withName(name(desired)).edit(d -> {
      d.getMetadata().getFinalizers().add("example.com/keep");
      d.getMetadata().getLabels().put("team", "payments");
      d.getMetadata().getAnnotations().put("example.com/note", "kept");
      return d;
    });
    client.apps().deployments().inNamespace("writer").withName(name(desired)).editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).build());
      return d;
    });

    writer.upsert(desired);

    Deployment after = client.apps().deployments().inNamespace("writer").withName(name(desired))
        .get();
    assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(after.getMetadata().getFinalizers()).containsExactly("example.com/keep");
    assertThat(after.getMetadata().getLabels()).containsEntry("team", "payments")
        .containsAllEntriesOf(desired.getMetadata().getLabels());
    assertThat(after.getMetadata().getAnnotations()).containsEntry("example.com/note", "kept");
  }

  @Test
  void shouldKeepAServicesClusterIp() {
    Service desired = manifests.services().get(0).service();
    writer.upsert(desired);
    client.services().inNamespace("writer").withName(desired.getMetadata().getName()).edit(s -> {
      s.getSpec().setClusterIP("10.0.0.12");
      return s;
    });

    writer.upsert(desired);

    assertThat(client.services().inNamespace("writer").withName(desired.getMetadata().getName())
        .get().getSpec().getClusterIP()).isEqualTo("10.0.0.12");
  }

  @Test
  void shouldRemoveTheFieldsItNoLongerApplies() {
    var desired = new ConfigMapBuilder(manifests.securityConfigMap()).build();
    writer.upsert(new ConfigMapBuilder(desired).addToData("stale", "x").build());

    writer.upsert(desired);

    assertThat(client.configMaps().inNamespace("writer").withName("security").get().getData())
        .isEqualTo(desired.getData());
  }

  @Test
  void shouldKeepAReplicaCountSetByOthers() {
    Deployment desired = manifests.services().get(0).deployment();
    writer.upsert(desired);
    client.apps().deployments().inNamespace("writer").withName(name(desired)).scale(3);

    Deployment after = writer.upsert(desired);

    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo(ResourceNames.FIELD_MANAGER));
  }

  @Test
  void shouldChangeNothingWhenAppliedUnchanged() {
    Deployment desired = manifests.services().get(0).deployment();
    Deployment first = writer.upsert(desired);

    Deployment again = writer.upsert(desired);

    assertThat(again.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(again.getMetadata().getGeneration()).isEqualTo(first.getMetadata().getGeneration());
  }

  @Test
  void shouldRefuseToUpdateAnObjectTheCheckRejects() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("writer")
        .endMetadata().build()).create();
    String before = client.namespaces().withName("writer").get().getMetadata()
        .getResourceVersion();

    assertThatThrownBy(() -> writer.upsert(manifests.namespace(), Ownership::isOwned))
        .isInstanceOf(ConflictException.class).hasMessageContaining("Namespace writer");
    assertThat(client.namespaces().withName("writer").get().getMetadata().getResourceVersion())
        .isEqualTo(before);
  }

  private static String name(Deployment d) {
    return d.getMetadata().getName();
  }
}
