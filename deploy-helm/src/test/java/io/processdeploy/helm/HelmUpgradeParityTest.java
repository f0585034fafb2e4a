package io.processdeploy.helm;

import static io.processdeploy.helm.support.ClusterObjects.created;
import static io.processdeploy.helm.support.ClusterObjects.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.helm.support.SamplePlans;
import io.processdeploy.helm.support.TreeDiff;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm parity of an update: {@code helm template} of the export before and after an update,
 * diffed, shows exactly the changes the cluster target's direct update made (the chart a
 * {@code helm upgrade} from the previous export would need): the same objects change, each in
 * the same fields, and nothing else.
 */
class HelmUpgradeParityTest {
  private static final URI BASE_URL = URI.create("https://apps.example.com/");
  private static final String NEW_DIGEST =
      "sha256:2222222222222222222222222222222222222222222222222222222222222222";

  private static EmbeddedCluster cluster;
  private static KubernetesClusterTarget target;

  @TempDir
  Path temp;

  @BeforeAll
  static void startCluster() {
    cluster = EmbeddedCluster.builder().withControllers(false).start();
    target = KubernetesClusterTarget.builder().withClient(cluster.client())
        .withBaseUrl(BASE_URL).build();
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
  void shouldChangeInTheHelmRenderingExactlyWhatTheDirectUpdateChanged() {
    ApplicationPlan before = withConnectors("1.0.0", "smtp.example.com");
    ApplicationPlan after = withRuntimeImage(withConnectors("1.1.0", "smtp2.example.com"),
        NEW_DIGEST);

    target.apply(before, ProgressSink.NONE);
    Map<String, Map<String, Object>> created = normalized(created(cluster.client(), before));
    target.apply(after, ProgressSink.NONE);
    Map<String, Map<String, Object>> updated = normalized(created(cluster.client(), after));
    Map<String, List<String>> direct = changes(created, updated);

    Map<String, List<String>> helm = changes(normalized(render(before, "before")),
        normalized(render(after, "after")));

    assertThat(direct).as("what the direct update changed")
        .containsKeys("Deployment/runtime-bundle", "ConfigMap/email-connector-env")
        .doesNotContainKeys("Deployment/query", "Deployment/postgresql",
            "Deployment/fraud-check");
    assertThat(helm.keySet()).as("objects helm upgrade would change")
        .containsExactlyElementsOf(direct.keySet());
    helm.forEach((key, fields) -> assertThat(fields).as(key)
        .containsExactlyElementsOf(direct.get(key)));
  }

  private static ApplicationPlan withConnectors(String version, String emailHost) {
    return SamplePlans.builder("claims").releaseVersion(version)
        .connector("email-connector", "docker.io/activiti/email-connector:8.7.0",
            ConnectorKind.OUT_OF_THE_BOX, SamplePlans.vars("EMAIL_HOST", emailHost,
                "EMAIL_PORT", "587"))
        .connector("fraud-check", "registry.example.com/team/fraud-check:2.1",
            ConnectorKind.CUSTOM, SamplePlans.vars("FRAUD_THRESHOLD", "0.75"))
        .build();
  }

  private static ApplicationPlan withRuntimeImage(ApplicationPlan plan, String digest) {
    List<ServicePlan> services = new ArrayList<>();
    for (ServicePlan s : plan.services()) {
      String image = "runtime-bundle".equals(s.name())
          ? s.image().substring(0, s.image().indexOf('@') + 1) + digest : s.image();
      services.add(new ServicePlan(s.name(), s.kind(), image, s.port(), s.env(), s.secretEnv(),
          s.readsSecurity(), s.ingressPath(), s.dataVolume()));
    }
    return new ApplicationPlan(plan.name(), plan.namespace(), plan.descriptor(),
        plan.projectName(), services, plan.imagePullSecret().orElse(null));
  }

  /** By object, the differences between two renderings; objects added or removed too. */
  private static Map<String, List<String>> changes(Map<String, Map<String, Object>> from,
      Map<String, Map<String, Object>> to) {
    Map<String, List<String>> out = new TreeMap<>();
    Set<String> keys = new TreeSet<>(from.keySet());
    keys.addAll(to.keySet());
    for (String key : keys) {
      if (!from.containsKey(key) || !to.containsKey(key)) {
        out.put(key, List.of(from.containsKey(key) ? "removed" : "added"));
        continue;
      }
      List<String> d = TreeDiff.differences(to.get(key), from.get(key));
      if (!d.isEmpty()) {
        out.put(key, d);
      }
    }
    return out;
  }

  private List<HasMetadata> render(ApplicationPlan plan, String folder) {
    HelmExporter exporter = HelmExporter.builder().withGatewayBaseUrl(BASE_URL).build();
    Path chart = RealHelm.unzip(exporter.export(plan,
        new ExportOptions(true, ChartLocation.vendored())).zip(), temp.resolve(folder));
    RealHelm.dependencyBuild(chart);
    return RealHelm.objects(RealHelm.template(chart, plan.name(), plan.namespace()));
  }
}
