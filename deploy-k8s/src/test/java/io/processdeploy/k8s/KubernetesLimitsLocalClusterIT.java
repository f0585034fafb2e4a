package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.KubernetesLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.processdeploy.tck.cluster.ClusterEnvironment;

/**
 * The limits {@link KubernetesLimits} checks at {@code createDescriptor} are the real API
 * server's: on the single-node cluster of {@code scripts/local-cluster.sh}, a server-side dry run
 * accepts exactly what the rules accept and refuses (422) one byte or one character more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesLimitsLocalClusterIT {
  private static final String NAMESPACE = "default";
  private ClusterEnvironment environment;

  @BeforeAll
  void start() {
    environment = ClusterEnvironment.local();
  }

  @AfterAll
  void stop() {
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void shouldAgreeWithTheApiServerOnConfigMapAndSecretSize() {
    Map<String, String> atLimit = Map.of("A", "x".repeat(KubernetesLimits.MAX_DATA_BYTES - 1),
        "B", "y");
    Map<String, String> over = Map.of("A", "x".repeat(KubernetesLimits.MAX_DATA_BYTES), "B", "y");
    assertThat(KubernetesLimits.dataSize(atLimit)).isEqualTo(KubernetesLimits.MAX_DATA_BYTES);
    assertThat(KubernetesLimits.dataSize(over)).isGreaterThan(KubernetesLimits.MAX_DATA_BYTES);

    assertThat(accepted(configMap(atLimit))).isTrue();
    assertThat(accepted(configMap(over))).isFalse();
    assertThat(accepted(secret(atLimit))).isTrue();
    assertThat(accepted(secret(over))).isFalse();
  }

  @Test
  void shouldAgreeWithTheApiServerOnLabelValuesAndKeys() {
    for (String value : new String[] {"a".repeat(63), "a".repeat(64), "-a", "a_b.c", "a b"}) {
      HasMetadata object = new ConfigMapBuilder().withNewMetadata().withName("label-check")
          .withNamespace(NAMESPACE).addToLabels("k", value).endMetadata().build();
      assertThat(accepted(object)).as("label value '%s'", value)
          .isEqualTo(KubernetesLimits.isLabelValue(value));
    }
    for (String key : new String[] {"A_B", "a.b-c", "a/b", "a".repeat(253), "a".repeat(254),
        "..a"}) {
      HasMetadata object = configMap(Map.of(key, "v"));
      assertThat(accepted(object)).as("data key '%s'", key)
          .isEqualTo(KubernetesLimits.isDataKey(key));
    }
  }

  @Test
  void shouldAgreeWithTheApiServerOnServiceNamesAndContainerPortNames() {
    for (String name : new String[] {"query", "9lives", "a".repeat(63), "a".repeat(64), "a.b"}) {
      HasMetadata object = new ServiceBuilder().withNewMetadata().withName(name)
          .withNamespace(NAMESPACE).endMetadata().withNewSpec().addNewPort().withName("http")
          .withPort(8080).endPort().endSpec().build();
      assertThat(accepted(object)).as("service name '%s'", name)
          .isEqualTo(KubernetesLimits.isServiceName(name));
    }
    for (String port : new String[] {"http", "a".repeat(15), "a".repeat(16), "1234", "a--b"}) {
      HasMetadata object = new PodBuilder().withNewMetadata().withName("port-check")
          .withNamespace(NAMESPACE).endMetadata().withNewSpec().addNewContainer().withName("c")
          .withImage("busybox").addNewPort().withName(port).withContainerPort(8080).endPort()
          .endContainer().endSpec().build();
      assertThat(accepted(object)).as("container port name '%s'", port)
          .isEqualTo(KubernetesLimits.isPortName(port));
    }
  }

  private static HasMetadata configMap(Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName("size-check")
        .withNamespace(NAMESPACE).endMetadata().withData(data).build();
  }

  private static HasMetadata secret(Map<String, String> data) {
    SecretBuilder b = new SecretBuilder().withNewMetadata().withName("size-check")
        .withNamespace(NAMESPACE).endMetadata();
    data.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(
        v.getBytes(StandardCharsets.UTF_8))));
    return b.build();
  }

  private boolean accepted(HasMetadata object) {
    try {
      environment.client().resource(object).dryRun().create();
      return true;
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as("refusal of %s: %s", object.getMetadata().getName(),
          e.getMessage()).isIn(422, 413);
      return false;
    }
  }
}
