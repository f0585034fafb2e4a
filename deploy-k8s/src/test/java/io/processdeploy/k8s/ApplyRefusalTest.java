package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.k8s.internal.ApplyRefusal;
import org.junit.jupiter.api.Test;

class ApplyRefusalTest {
  @Test
  void shouldNameTheMissingCreateWhenTheApiServerGivesNoReason() {
    KubernetesClientException refused = forbidden("namespaces \"invoices\" is forbidden: ");

    KubernetesClientException explained = ApplyRefusal.explain(refused,
        new NamespaceBuilder().withNewMetadata().withName("invoices").endMetadata().build());

    assertThat(explained.getCode()).isEqualTo(403);
    assertThat(explained.getStatus().getMessage()).startsWith(
        "namespaces \"invoices\" is forbidden: cannot create resource \"namespaces\" in API"
            + " group \"\"");
    assertThat(explained.getSuppressed()).containsExactly(refused);
  }

  @Test
  void shouldNameTheGroupOfTheResource() {
    KubernetesClientException explained = ApplyRefusal.explain(
        forbidden("ingresses.networking.k8s.io \"gateway\" is forbidden: "),
        new IngressBuilder().withNewMetadata().withName("gateway").endMetadata().build());

    assertThat(explained.getStatus().getMessage())
        .contains("cannot create resource \"ingresses\" in API group \"networking.k8s.io\"");
  }

  @Test
  void shouldLeaveEveryOtherRefusalAsItIs() {
    KubernetesClientException patch = forbidden("namespaces \"invoices\" is forbidden: User"
        + " \"system:serviceaccount:ops:pd\" cannot patch resource \"namespaces\" in API group \"\"");
    KubernetesClientException terminating = forbidden("configmaps \"security\" is forbidden:"
        + " unable to create new content in namespace invoices because it is being terminated");
    KubernetesClientException conflict = new KubernetesClientException("conflict", 409,
        new StatusBuilder().withCode(409).withMessage("namespaces \"x\" is forbidden: ").build());
    var namespace = new NamespaceBuilder().withNewMetadata().withName("invoices").endMetadata()
        .build();

    assertThat(ApplyRefusal.explain(patch, namespace)).isSameAs(patch);
    assertThat(ApplyRefusal.explain(terminating, namespace)).isSameAs(terminating);
    assertThat(ApplyRefusal.explain(conflict, namespace)).isSameAs(conflict);
  }

  private static KubernetesClientException forbidden(String message) {
    Status status = new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage(message).build();
    return new KubernetesClientException(message, 403, status);
  }
}
