package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Probe;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.Workload;
import io.processdeploy.tck.release.SampleReleases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How pods run and the gateway Ingress, checked at createDescriptor: one refusal per rule, each
 * naming the field and storing nothing; the accepted settings resolved into the plan, per-service
 * over global over the defaults of each kind.
 */
class WorkloadSettingsValidationTest extends ServiceTestSupport {
  private static final String QUERY = "infrastructure.services[query]";

  @BeforeEach
  void startService() {
    start();
  }

  private static DescriptorRequest query(ServiceSettings settings) {
    return with(new Infrastructure(null, Map.of("query", settings)));
  }

  private static DescriptorRequest with(Infrastructure infrastructure) {
    return SampleReleases.expensesRequest("expenses").withInfrastructure(infrastructure).build();
  }

  @Test
  void rejectsAQuantityKubernetesCannotRead() {
    ValidationException e = rejectsField(query(ServiceSettings.NONE
        .withLimits(new ComputeResources(null, "1 GB"))), QUERY + ".limits.memory");
    assertThat(e).hasMessageContaining("512Mi");
    rejectsField(query(ServiceSettings.NONE.withRequests(new ComputeResources("-1", null))),
        QUERY + ".requests.cpu");
    rejectsField(query(ServiceSettings.NONE.withRequests(new ComputeResources("0", null))),
        QUERY + ".requests.cpu");
  }

  @Test
  void rejectsALimitBelowTheRequestEvenWhenTheRequestIsGlobal() {
    ValidationException e = rejectsField(query(ServiceSettings.NONE
        .withLimits(new ComputeResources("50m", null))), QUERY + ".limits.cpu");
    assertThat(e).hasMessageContaining("50m").hasMessageContaining("100m");
    rejectsField(new DescriptorRequest("expenses", SampleReleases.EXPENSES,
        SampleReleases.expensesRequest("expenses").build().security(),
        SampleReleases.expensesRequest("expenses").build().connectors(),
        new Infrastructure(ServiceSettings.NONE.withRequests(new ComputeResources(null, "1Gi")),
            Map.of("query", ServiceSettings.NONE.withLimits(
                new ComputeResources(null, "1000Mi"))))), QUERY + ".limits.memory");
  }

  @Test
  void rejectsReplicasOutOfRange() {
    rejectsField(query(ServiceSettings.NONE.withReplicas(-1)), QUERY + ".replicas");
    rejectsField(with(new Infrastructure(ServiceSettings.NONE.withReplicas(
        Workload.MAX_REPLICAS + 1), Map.of())), "infrastructure.global.replicas");
  }

  @Test
  void rejectsProbeNumbersThatAreNotPositiveAndAPathThatIsNotOne() {
    rejectsField(query(ServiceSettings.NONE.withLivenessProbe(new Probe(null, null, 0, null,
        null))), QUERY + ".livenessProbe.periodSeconds");
    rejectsField(query(ServiceSettings.NONE.withStartupProbe(new Probe(null, null, null, null,
        -3))), QUERY + ".startupProbe.failureThreshold");
    rejectsField(query(ServiceSettings.NONE.withReadinessProbe(new Probe(null, -1, null, null,
        null))), QUERY + ".readinessProbe.initialDelaySeconds");
    rejectsField(query(ServiceSettings.NONE.withReadinessProbe(Probe.http("health"))),
        QUERY + ".readinessProbe.path");
  }

  @Test
  void rejectsAnUnknownTolerationOperatorOrEffect() {
    ValidationException e = rejectsField(query(ServiceSettings.NONE.withTolerations(List.of(
        new Toleration("dedicated", "Equals", "bpm", null, null)))),
        QUERY + ".tolerations[0].operator");
    assertThat(e).hasMessageContaining("Exists");
    rejectsField(query(ServiceSettings.NONE.withTolerations(List.of(
        new Toleration("dedicated", "Equal", "bpm", "NoRun", null)))),
        QUERY + ".tolerations[0].effect");
    rejectsField(query(ServiceSettings.NONE.withTolerations(List.of(
        new Toleration("dedicated", "Exists", "bpm", null, null)))),
        QUERY + ".tolerations[0].value");
    rejectsField(query(ServiceSettings.NONE.withTolerations(List.of(
        new Toleration("dedicated", "Equal", "bpm", "NoSchedule", 30L)))),
        QUERY + ".tolerations[0].tolerationSeconds");
  }

  @Test
  void rejectsANodeSelectorKeyThatIsNotALabelKey() {
    rejectsField(query(ServiceSettings.NONE.withNodeSelector(Map.of("-tier", "db"))),
        QUERY + ".nodeSelector");
    rejectsField(query(ServiceSettings.NONE.withNodeSelector(Map.of("Example.com/tier", "db"))),
        QUERY + ".nodeSelector");
    rejectsField(query(ServiceSettings.NONE.withNodeSelector(Map.of("tier", "db!"))),
        QUERY + ".nodeSelector[tier]");
  }

  @Test
  void rejectsAnAffinityThatIsNotAJsonObjectOfTheKnownKinds() {
    rejectsField(query(ServiceSettings.NONE.withAffinity("{not json")), QUERY + ".affinity");
    rejectsField(query(ServiceSettings.NONE.withAffinity("[]")), QUERY + ".affinity");
    rejectsField(query(ServiceSettings.NONE.withAffinity("{\"nodeAffinitty\": {}}")),
        QUERY + ".affinity.nodeAffinitty");
  }

  @Test
  void rejectsABadHostTlsSecretOrAnnotationKey() {
    rejectsField(with(Infrastructure.NONE.withIngress(new IngressSettings(null,
        "https://apps.example.com", null, Map.of()))), "infrastructure.ingress.host");
    rejectsField(with(Infrastructure.NONE.withIngress(new IngressSettings(null, null,
        "My_Cert", Map.of()))), "infrastructure.ingress.tlsSecretName");
    rejectsField(with(Infrastructure.NONE.withIngress(new IngressSettings(null, null, null,
        Map.of("bad key", "x")))), "infrastructure.ingress.annotations");
  }

  @Test
  void rejectsSettingsForAServiceTheApplicationDoesNotHave() {
    rejectsField(with(new Infrastructure(null, Map.of("querry",
        ServiceSettings.NONE.withReplicas(2)))), "infrastructure.services[querry]");
  }

  @Test
  void resolvesPerServiceOverGlobalOverTheDefaultsFieldByField() {
    service.createDescriptor(DEVOPS, with(new Infrastructure(ServiceSettings.NONE
        .withReplicas(2).withRequests(new ComputeResources("200m", "512Mi"))
        .withReadinessProbe(new Probe(null, null, 7, null, null)),
        Map.of("query", ServiceSettings.NONE.withRequests(new ComputeResources(null, "1Gi"))
                .withReadinessProbe(Probe.http("/ready")),
            SampleReleases.INVOICE_SCANNER, ServiceSettings.NONE.withReplicas(0)
                .withAutomountServiceAccountToken(true)))));
    ApplicationPlan plan = service.plan(DEVOPS, "expenses", false);
    Workload query = plan.service("query").orElseThrow().workload();
    assertThat(query.replicas()).isEqualTo(2);
    assertThat(query.requests()).isEqualTo(new ComputeResources("200m", "1Gi"));
    assertThat(query.readinessProbe()).isEqualTo(new Probe("/ready", 0, 7, 1, 3));
    assertThat(query.automountServiceAccountToken()).as("reads security").isTrue();
    Workload scanner = plan.service(SampleReleases.INVOICE_SCANNER).orElseThrow().workload();
    assertThat(scanner.replicas()).isZero();
    assertThat(scanner.automountServiceAccountToken()).isTrue();
    Workload email = plan.service(SampleReleases.EMAIL_CONNECTOR).orElseThrow().workload();
    assertThat(email.automountServiceAccountToken()).as("a connector reads no security")
        .isFalse();
    assertThat(email.startupProbe().failureThreshold()).as("a JVM starts slowly").isEqualTo(60);
    ServicePlan database = plan.service("postgresql").orElseThrow();
    assertThat(database.clients()).containsExactly("query", "runtime-bundle");
    assertThat(database.workload().startupProbe().failureThreshold()).isEqualTo(24);
    assertThat(plan.networkPolicy()).isTrue();
  }

  @Test
  void keepsTheSettingsWhereTheStoreKeepsTheDescriptor() {
    IngressSettings ingress = new IngressSettings("nginx", "expenses.example.com", "expenses-tls",
        Map.of("example.com/team", "bpm"));
    service.createDescriptor(DEVOPS, with(new Infrastructure(null, Map.of("query",
        ServiceSettings.NONE.withReplicas(3))).withIngress(ingress).withNetworkPolicy(false)));
    ApplicationPlan plan = service.plan(DEVOPS, "expenses", false);
    assertThat(plan.ingress()).isEqualTo(ingress);
    assertThat(plan.networkPolicy()).isFalse();
    assertThat(plan.service("query").orElseThrow().workload().replicas()).isEqualTo(3);
  }

  @Test
  void movesTheSettingsWithAnExportedDescriptor() throws Exception {
    IngressSettings ingress = new IngressSettings(null, "expenses.example.com", null, Map.of());
    ServiceSettings query = ServiceSettings.NONE.withReplicas(3)
        .withLimits(new ComputeResources("1", null))
        .withLivenessProbe(new Probe("/live", 10, null, null, null))
        .withTolerations(List.of(new Toleration(null, "Exists", null, null, null)))
        .withAffinity("{\"podAntiAffinity\": {}}");
    service.createDescriptor(DEVOPS, with(new Infrastructure(ServiceSettings.NONE
        .withNodeSelector(Map.of("kubernetes.io/os", "linux")), Map.of("query", query))
        .withIngress(ingress).withNetworkPolicy(false)));
    String json = service.exportDescriptor(DEVOPS, "expenses");
    Map<String, String> secrets = new java.util.TreeMap<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("secretsToSupply")
        .forEach(key -> secrets.put(key.asText(), "supplied"));
    service.importDescriptor(DEVOPS, json, "expenses-copy", secrets);

    ApplicationPlan copy = service.plan(DEVOPS, "expenses-copy", false);
    assertThat(copy.descriptor().infrastructure().service("query")).isEqualTo(query);
    assertThat(copy.ingress()).isEqualTo(ingress);
    assertThat(copy.networkPolicy()).isFalse();
    assertThat(copy.service("runtime-bundle").orElseThrow().workload().nodeSelector())
        .containsEntry("kubernetes.io/os", "linux");
  }
}
