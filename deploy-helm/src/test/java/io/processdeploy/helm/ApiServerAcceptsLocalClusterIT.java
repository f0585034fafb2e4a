package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a real API server refuses is never created: every object the cluster target renders, and
 * every object {@code helm template} renders from the export, passes a server-side dry run
 * ({@code dryRun=All}: validation and admission, nothing stored) on the real single-node cluster of
 * {@code scripts/local-cluster.sh}. Only the application's namespace is created for real, since
 * a dry run of objects in a missing namespace is refused; it is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerAcceptsLocalClusterIT {
  private static final URI BASE_URL = URI.create("https://apps.example.com/tenants/");

  private ClusterEnvironment environment;
  private KubernetesClusterTarget target;
  @TempDir
  Path temp;

  @BeforeAll
  void start() {
    environment = ClusterEnvironment.local();
    target = KubernetesClusterTarget.builder().withClient(environment.client())
        .withBaseUrl(BASE_URL).withIngressClass("nginx").build();
  }

  @AfterEach
  void removeNamespaces() {
    environment.removeCreatedNamespaces();
  }

  @AfterAll
  void stop() {
    if (target != null) {
      target.close();
    }
    if (environment != null) {
      environment.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.processdeploy.helm.support.SamplePlans#allWithDescriptorPlans")
  void shouldHaveEveryObjectOfTheTargetAndOfTheChartAcceptedByTheApiServer(String name,
      ApplicationPlan plan) {
    assertAccepted(plan);
  }

  @Test
  void shouldHaveHostileValuesAcceptedByTheApiServerToo() {
    assertAccepted(InjectionTest.hostilePlan(Set.of("nbsp\u00a0and\u2028separator", "bell\u0007",
        "emoji\ud83d\ude80")));
  }

  private void assertAccepted(ApplicationPlan plan) {
    List<HasMetadata> objects = target.manifests(plan).all();
    assertThat(objects.get(0)).isInstanceOf(Namespace.class);
    KubernetesClient client = environment.client();
    if (client.namespaces().withName(plan.namespace()).get() == null) {
      client.resource(objects.get(0)).create();
    }
    List<String> refused = new ArrayList<>();
    for (HasMetadata object : objects.subList(1, objects.size())) {
      dryRun(object, "cluster target", refused);
    }
    for (HasMetadata object : helmObjects(plan)) {
      object.getMetadata().setNamespace(plan.namespace());
      dryRun(object, "helm template", refused);
    }
    assertThat(refused).as("objects the API server refused").isEmpty();
  }

  private void dryRun(HasMetadata object, String source, List<String> refused) {
    try {
      environment.client().resource(object).dryRun().create();
    } catch (KubernetesClientException e) {
      refused.add(source + ": " + object.getKind() + " " + object.getMetadata().getName()
          + ": " + e.getCode() + " " + e.getMessage());
    }
  }

  private List<HasMetadata> helmObjects(ApplicationPlan plan) {
    HelmExporter exporter = HelmExporter.builder().withGatewayBaseUrl(BASE_URL)
        .withIngressClassName("nginx").build();
    Path chart = RealHelm.unzip(exporter.export(plan,
        new ExportOptions(true, ChartLocation.vendored())).zip(), temp.resolve(plan.name()
            + "-" + System.nanoTime()));
    RealHelm.dependencyBuild(chart);
    return RealHelm.objects(RealHelm.template(chart, plan.name(), plan.namespace()));
  }
}
