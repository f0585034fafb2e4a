package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Probe;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.Workload;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.tck.cluster.ClusterPlans;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How the settings of a plan's services and of its application come out in the objects: replicas,
 * requests and limits, probes, placement, service-account tokens, the Ingress and the
 * NetworkPolicies.
 */
class ApplicationManifestsSettingsTest {
  private static final Gateway GATEWAY = Gateway.of(URI.create("https://apps.example.com/"),
      "nginx");
  private static final String AFFINITY = "{\"podAntiAffinity\": {\"preferredDuringScheduling"
      + "IgnoredDuringExecution\": [{\"weight\": 50, \"podAffinityTerm\": {\"topologyKey\":"
      + " \"kubernetes.io/hostname\"}}]}}";

  @Test
  void shouldRenderTheDefaultsOfEachKindWhenNothingIsSet() {
    ApplicationManifests manifests = ApplicationManifests.render(base(), GATEWAY);
    Container rb = container(manifests, ClusterPlans.RUNTIME_BUNDLE);
    assertThat(rb.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(rb.getResources().getLimits()).isNullOrEmpty();
    assertThat(rb.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
    assertThat(rb.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
    assertThat(rb.getStartupProbe().getFailureThreshold()).isEqualTo(60);
    assertThat(rb.getReadinessProbe().getInitialDelaySeconds())
        .as("no delay is left out, as the API server stores it (else every apply is a write)")
        .isNull();
    assertThat(pod(manifests, ClusterPlans.RUNTIME_BUNDLE).getAutomountServiceAccountToken())
        .as("reads security").isTrue();
    assertThat(pod(manifests, ClusterPlans.EMAIL_CONNECTOR).getAutomountServiceAccountToken())
        .as("a connector reads no security").isFalse();
    assertThat(manifests.services()).allSatisfy(s ->
        assertThat(s.networkPolicy()).as(s.service().getMetadata().getName()).isPresent());
  }

  @Test
  void shouldRenderEverySettingOfAService() {
    Workload workload = ServiceSettings.NONE.withReplicas(3)
        .withRequests(new ComputeResources("250m", null))
        .withLimits(new ComputeResources("1", "1Gi"))
        .withLivenessProbe(new Probe("/health", 30, 15, 3, 5))
        .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
        .withTolerations(List.of(new Toleration("dedicated", "Equal", "bpm", "NoSchedule", null)))
        .withAffinity(AFFINITY).withAutomountServiceAccountToken(false)
        .workload(ServiceSettings.NONE, ServiceKind.RUNTIME_BUNDLE, true);
    ApplicationPlan plan = withService(base(), ClusterPlans.RUNTIME_BUNDLE,
        s -> s.withWorkload(workload));
    ApplicationManifests manifests = ApplicationManifests.render(plan, GATEWAY);

    assertThat(deploymentReplicas(manifests, ClusterPlans.RUNTIME_BUNDLE)).isEqualTo(3);
    Container rb = container(manifests, ClusterPlans.RUNTIME_BUNDLE);
    assertThat(rb.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(rb.getResources().getLimits()).containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("1Gi"));
    assertThat(rb.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(rb.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(rb.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(30);
    PodSpec pod = pod(manifests, ClusterPlans.RUNTIME_BUNDLE);
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("dedicated");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
        .satisfies(term -> assertThat(term.getWeight()).isEqualTo(50));
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(deploymentReplicas(manifests, ClusterPlans.QUERY)).as("not set").isNull();
  }

  @Test
  void shouldGiveTheIngressTheApplicationsClassHostTlsAndAnnotations() {
    ApplicationPlan plan = withInfrastructure(base(), i -> i.withIngress(new IngressSettings(
        "traefik", "invoices.example.com", "invoices-tls", Map.of("example.com/owner", "bpm"))));
    Ingress ingress = ApplicationManifests.render(plan, GATEWAY).gateway().orElseThrow();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("invoices.example.com");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getSecretName()).isEqualTo("invoices-tls");
      assertThat(tls.getHosts()).containsExactly("invoices.example.com");
    });
    assertThat(ingress.getMetadata().getAnnotations())
        .containsExactly(Map.entry("example.com/owner", "bpm"));
  }

  @Test
  void shouldKeepTheGatewaysHostAndClassWhenTheApplicationSetsNone() {
    Ingress ingress = ApplicationManifests.render(base(), GATEWAY).gateway().orElseThrow();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("apps.example.com");
    assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
  }

  @Test
  void shouldLetIntoADatabaseOnlyItsClientsAndIntoAnExposedServiceAnyone() {
    ApplicationPlan plan = base();
    List<ServicePlan> services = new ArrayList<>(plan.services());
    services.add(new ServicePlan("postgresql", ServiceKind.DATABASE, "postgres:15", 5432,
        Map.of(), Map.of(), false, null).withClients(Set.of(ClusterPlans.RUNTIME_BUNDLE,
            ClusterPlans.QUERY)));
    plan = new ApplicationPlan(plan.name(), plan.namespace(), plan.descriptor(),
        plan.projectName(), services);
    ApplicationManifests manifests = ApplicationManifests.render(plan, GATEWAY);

    NetworkPolicyIngressRule database = rule(manifests, "postgresql");
    assertThat(database.getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
    assertThat(database.getFrom()).singleElement().satisfies(peer -> assertThat(
        peer.getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
          assertThat(e.getKey()).isEqualTo("app.kubernetes.io/name");
          assertThat(e.getValues()).containsExactly(ClusterPlans.QUERY,
              ClusterPlans.RUNTIME_BUNDLE);
        }));
    assertThat(rule(manifests, ClusterPlans.RUNTIME_BUNDLE).getFrom()).as("exposed").isNullOrEmpty();
    assertThat(rule(manifests, ClusterPlans.EMAIL_CONNECTOR).getFrom()).singleElement()
        .satisfies(peer -> {
          assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
          assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
          assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull();
        });
  }

  @Test
  void shouldRenderNoNetworkPolicyWhenTheApplicationTurnsThemOff() {
    ApplicationPlan plan = withInfrastructure(base(), i -> i.withNetworkPolicy(false));
    ApplicationManifests manifests = ApplicationManifests.render(plan, GATEWAY);
    assertThat(manifests.all()).noneMatch(o -> o instanceof NetworkPolicy);
  }

  private static ApplicationPlan base() {
    return ClusterPlans.plan("invoices", "127.0.0.1:5000/invoices@sha256:" + "a".repeat(64),
        8080, "docker.io/activiti/email-connector:8.7.0", false);
  }

  private static ApplicationPlan withService(ApplicationPlan plan, String name,
      java.util.function.UnaryOperator<ServicePlan> change) {
    List<ServicePlan> services = plan.services().stream()
        .map(s -> s.name().equals(name) ? change.apply(s) : s).toList();
    return new ApplicationPlan(plan.name(), plan.namespace(), plan.descriptor(),
        plan.projectName(), services);
  }

  private static ApplicationPlan withInfrastructure(ApplicationPlan plan,
      java.util.function.UnaryOperator<Infrastructure> change) {
    DeploymentDescriptor d = plan.descriptor();
    return new ApplicationPlan(plan.name(), plan.namespace(), new DeploymentDescriptor(d.name(),
        d.release(), d.security(), d.connectors(), change.apply(d.infrastructure()),
        d.createdAt(), d.createdBy()), plan.projectName(), plan.services());
  }

  private static ApplicationManifests.ServiceManifests service(ApplicationManifests m,
      String name) {
    return m.services().stream().filter(s -> s.service().getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }

  private static Integer deploymentReplicas(ApplicationManifests m, String name) {
    return service(m, name).deployment().getSpec().getReplicas();
  }

  private static PodSpec pod(ApplicationManifests m, String name) {
    return service(m, name).deployment().getSpec().getTemplate().getSpec();
  }

  private static Container container(ApplicationManifests m, String name) {
    return pod(m, name).getContainers().get(0);
  }

  private static NetworkPolicyIngressRule rule(ApplicationManifests m, String name) {
    NetworkPolicy policy = service(m, name).networkPolicy().orElseThrow();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", name);
    return policy.getSpec().getIngress().get(0);
  }
}
