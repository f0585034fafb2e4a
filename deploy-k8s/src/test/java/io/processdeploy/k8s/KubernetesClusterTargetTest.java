package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.tck.cluster.ClusterPlans;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration and discovery of the Kubernetes target; nothing here talks to a cluster. */
class KubernetesClusterTargetTest {
  @Test
  void shouldBeDiscoveredByServiceLoader() {
    assertThat(ServiceLoader.load(ClusterTarget.class).stream().map(ServiceLoader.Provider::get))
        .singleElement().satisfies(t -> {
          assertThat(t).isInstanceOf(KubernetesClusterTarget.class);
          assertThat(t.id()).isEqualTo("kubernetes");
        });
  }

  @Test
  void shouldReadTheBaseUrlOfTheDiscoveredInstanceFromASystemProperty() {
    System.setProperty(KubernetesClusterTarget.BASE_URL_PROPERTY, "https://gw.example.com/apps");
    try (KubernetesClusterTarget target = new KubernetesClusterTarget()) {
      assertThat(target.baseUrl()).isEqualTo(URI.create("https://gw.example.com/apps/"));
      ApplicationPlan plan = ClusterPlans.plan("invoices", "img:1", 8080, "img:1", true);
      assertThat(target.links(plan).gateway())
          .isEqualTo(URI.create("https://gw.example.com/apps/invoices/"));
      assertThat(target.links(plan).processWorkspace())
          .isEqualTo(URI.create("https://gw.example.com/apps/invoices/process-workspace/"));
    } finally {
      System.clearProperty(KubernetesClusterTarget.BASE_URL_PROPERTY);
    }
  }

  @Test
  void shouldShareItsGatewayAndLinkToTheApplicationsOwnHost() {
    Gateway gateway = Gateway.of(URI.create("http://gw.example.com:8080/apps"), "nginx");
    try (KubernetesClusterTarget target = KubernetesClusterTarget.builder().withGateway(gateway)
        .build()) {
      assertThat(target.gateway()).contains(gateway);
      ApplicationPlan plan = ClusterPlans.plan("invoices", "img:1", 8080, "img:1", true);
      assertThat(target.links(plan).gateway())
          .isEqualTo(URI.create("http://gw.example.com:8080/apps/invoices/"));
      DeploymentDescriptor d = plan.descriptor();
      ApplicationPlan ownHost = new ApplicationPlan(plan.name(), plan.namespace(),
          new DeploymentDescriptor(d.name(), d.release(), d.security(), d.connectors(),
              d.infrastructure().withIngress(new IngressSettings(null, "invoices.example.com",
                  "invoices-tls", Map.of())), d.createdAt(), d.createdBy()),
          plan.projectName(), plan.services());
      assertThat(target.links(ownHost).gateway())
          .isEqualTo(URI.create("https://invoices.example.com/apps/invoices/"));
      assertThat(target.links(ownHost).processWorkspace())
          .isEqualTo(URI.create("https://invoices.example.com/apps/invoices/process-workspace/"));
    }
  }

  @Test
  void rejectsABaseUrlWithoutHost() {
    assertThatThrownBy(() -> KubernetesClusterTarget.builder().withBaseUrl(URI.create("/apps")))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("baseUrl"));
  }

  @Test
  void rejectsANonPositiveStartupDeadline() {
    assertThatThrownBy(() -> KubernetesClusterTarget.builder().withStartupDeadline(Duration.ZERO))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("startupDeadline"));
  }

  @Test
  void rejectsAMalformedStartupDeadlineProperty() {
    System.setProperty(KubernetesClusterTarget.STARTUP_DEADLINE_PROPERTY, "ten minutes");
    try {
      assertThatThrownBy(KubernetesClusterTarget::new)
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field())
              .isEqualTo(KubernetesClusterTarget.STARTUP_DEADLINE_PROPERTY));
    } finally {
      System.clearProperty(KubernetesClusterTarget.STARTUP_DEADLINE_PROPERTY);
    }
  }
}
