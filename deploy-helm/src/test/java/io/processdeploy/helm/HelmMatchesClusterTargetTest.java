package io.processdeploy.helm;

import static io.processdeploy.helm.support.ClusterObjects.created;
import static io.processdeploy.helm.support.ClusterObjects.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.helm.support.TreeDiff;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The objects {@code helm template} renders from an export equal the objects the Kubernetes
 * cluster target creates for the same plan on the embedded API server (fabric8 mock server in
 * CRUD mode): same kinds and names, and the same labels, annotations, data and specs (images,
 * environment, ports, probes, security contexts, volumes and their claims, pull secrets, routes).
 * The namespace is the one object only the cluster target makes: Helm installs into
 * {@code --namespace <app> --create-namespace}; the image pull Secret's content is the
 * installer's, so only its name is compared (in every pod).
 */
class HelmMatchesClusterTargetTest {
  private static final URI BASE_URL = URI.create("https://apps.example.com/tenants/");
  private static final String INGRESS_CLASS = "nginx";

  private static EmbeddedCluster cluster;
  private static KubernetesClusterTarget target;

  @TempDir
  Path temp;

  @BeforeAll
  static void startCluster() {
    cluster = EmbeddedCluster.builder().withControllers(false).start();
    target = KubernetesClusterTarget.builder().withClient(cluster.client())
        .withBaseUrl(BASE_URL).withIngressClass(INGRESS_CLASS).build();
  }

  @AfterAll
  static void stopCluster() {
    if (target != null) {
      target.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldMatchTheClusterTargetForHostileValuesToo() {
    assertHelmRendersWhatTheTargetCreates(InjectionTest.hostilePlan(Set.of(
        "nbsp\u00a0and\u2028separator", "bell\u0007", "vt\u000bff\u000c", "emoji\ud83d\ude80")),
        true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.processdeploy.helm.support.SamplePlans#allWithDescriptorPlans")
  void shouldRenderExactlyTheObjectsTheClusterTargetCreates(String name, ApplicationPlan plan) {
    assertHelmRendersWhatTheTargetCreates(plan, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.processdeploy.helm.support.SamplePlans#allWithDescriptorPlans")
  void shouldRenderTheSameObjectsButTheSecretsTheUserCreatesWhenSecretsAreLeftOut(String name,
      ApplicationPlan plan) {
    assertHelmRendersWhatTheTargetCreates(plan, false);
  }

  /**
   * Applies {@code plan} with the cluster target and renders its export with Helm: the same
   * objects, but for the Secrets of secret environments when the export leaves secrets out.
   */
  private void assertHelmRendersWhatTheTargetCreates(ApplicationPlan plan,
      boolean includeSecrets) {
    target.apply(plan, ProgressSink.NONE);
    Map<String, Map<String, Object>> created = normalized(created(cluster.client(), plan));
    // The export names the pull secret; its content comes from the installer.
    plan.imagePullSecret().ifPresent(pull -> created.remove("Secret/" + pull.name()));
    if (!includeSecrets) {
      plan.services().stream().filter(s -> !s.secretEnv().isEmpty())
          .forEach(s -> created.remove("Secret/" + ResourceNames.envSecret(s.name())));
    }

    Map<String, Map<String, Object>> rendered = normalized(render(plan, includeSecrets));

    assertThat(rendered.keySet()).containsExactlyElementsOf(created.keySet());
    rendered.forEach((key, object) ->
        assertThat(TreeDiff.differences(object, created.get(key))).as(key).isEmpty());
  }

  private List<HasMetadata> render(ApplicationPlan plan, boolean includeSecrets) {
    HelmExporter exporter = HelmExporter.builder().withGatewayBaseUrl(BASE_URL)
        .withIngressClassName(INGRESS_CLASS).build();
    Path chart = RealHelm.unzip(exporter.export(plan,
        new ExportOptions(includeSecrets, ChartLocation.vendored())).zip(),
        temp.resolve(includeSecrets ? "with-secrets" : "without-secrets"));
    RealHelm.dependencyBuild(chart);
    return RealHelm.objects(RealHelm.template(chart, plan.name(), plan.namespace()));
  }

}
