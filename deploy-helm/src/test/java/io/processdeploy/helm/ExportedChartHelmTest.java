package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.Manifests;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.helm.support.SamplePlans;
import io.processdeploy.k8s.SecurityConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Helm (compiled in through helm-java, offline) on unzipped exports of every sample plan:
 * {@code helm lint --strict}, {@code helm dependency build}, {@code helm template}, and the
 * objects rendered, read strictly by the Kubernetes model.
 */
class ExportedChartHelmTest {
  private static final String PLANS =
      "io.processdeploy.helm.support.SamplePlans#allWithDescriptorPlans";

  private final HelmExporter exporter = new HelmExporter();

  @TempDir
  Path temp;

  @ParameterizedTest(name = "{0}")
  @MethodSource(PLANS)
  void shouldPassStrictLintAndRenderEveryObjectAfterDependencyBuild(String name,
      ApplicationPlan plan) throws IOException {
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);

    RealHelm.dependencyBuild(chart);

    try (Stream<Path> packaged = Files.list(chart.resolve("charts"))) {
      assertThat(packaged.map(p -> p.getFileName().toString()))
          .anyMatch(f -> f.startsWith("processdeploy-application-") && f.endsWith(".tgz"))
          .anyMatch(f -> f.startsWith("processdeploy-service-") && f.endsWith(".tgz"));
    }
    assertLintClean(RealHelm.lintStrict(chart));
    List<HasMetadata> objects = render(chart, plan);
    assertThat(Manifests.kindsAndNames(objects))
        .containsExactlyElementsOf(Manifests.expected(plan, false));
    for (HasMetadata object : objects) {
      assertThat(Manifests.unknownFields(object)).as(object.getKind() + " "
          + object.getMetadata().getName()).isEmpty();
      assertThat(object.getMetadata().getNamespace()).isEqualTo(plan.namespace());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(PLANS)
  void shouldInstallStraightFromTheZipBecauseTheChartsAreVendored(String name,
      ApplicationPlan plan) {
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);

    assertLintClean(RealHelm.lintStrict(chart));
    assertThat(Manifests.kindsAndNames(render(chart, plan)))
        .containsExactlyElementsOf(Manifests.expected(plan, false));
  }

  @Test
  void shouldRenderEachServiceFromItsPlan() {
    ApplicationPlan plan = SamplePlans.everything();
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);
    RealHelm.dependencyBuild(chart);

    List<HasMetadata> objects = render(chart, plan);

    for (ServicePlan service : plan.services()) {
      Deployment deployment = Manifests.find(objects, Deployment.class, service.name());
      var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getImage()).isEqualTo(service.image());
      assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(service.port());
      assertThat(deployment.getMetadata().getLabels())
          .isEqualTo(ResourceNames.serviceLabels(plan.name(), service));
      assertThat(deployment.getSpec().getSelector().getMatchLabels())
          .isEqualTo(ResourceNames.selector(plan.name(), service.name()));
      assertThat(Manifests.data(Manifests.find(objects, ConfigMap.class,
          ResourceNames.envConfigMap(service.name())))).isEqualTo(service.env());
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations() != null
          && deployment.getSpec().getTemplate().getMetadata().getAnnotations()
              .containsKey(ResourceNames.SECURITY_CHECKSUM_ANNOTATION))
          .as(service.name() + " carries the security checksum").isEqualTo(service.readsSecurity());
    }
    assertThat(Manifests.find(objects, Deployment.class, "runtime-bundle").getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).contains("@" + SamplePlans.DIGEST);
  }

  @Test
  void shouldCreateTheSecretsFromValuesWhenSecretsAreIncluded() {
    ApplicationPlan plan = SamplePlans.withConnectors();
    Path chart = unzippedExport(plan, new ExportOptions(true, ChartLocation.vendored()));
    RealHelm.dependencyBuild(chart);
    assertLintClean(RealHelm.lintStrict(chart));

    List<HasMetadata> objects = render(chart, plan);

    assertThat(Manifests.kindsAndNames(objects))
        .containsExactlyElementsOf(Manifests.expected(plan, true));
    for (ServicePlan service : plan.services()) {
      assertThat(Manifests.decoded(Manifests.find(objects, Secret.class,
          ResourceNames.envSecret(service.name())))).isEqualTo(service.secretEnv());
    }
  }

  @Test
  void shouldLeaveTheBundledDatabaseOutWhenAnExternalOneIsConfigured() {
    ApplicationPlan plan = SamplePlans.externalDatabase();
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);

    List<HasMetadata> objects = render(chart, plan);

    assertThat(Manifests.kindsAndNames(objects)).noneMatch(n -> n.contains("postgresql"));
    assertThat(Manifests.data(Manifests.find(objects, ConfigMap.class, "runtime-bundle-env")))
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example.com:5432/payroll");
  }

  @Test
  void shouldTurnAServiceOffThroughItsCondition() {
    ApplicationPlan plan = SamplePlans.minimal();
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);
    RealHelm.dependencyBuild(chart);

    String manifest = new com.marcnuri.helm.Helm(chart).template().withName(plan.name())
        .withNamespace(plan.namespace()).set("postgresql.enabled", "false").call();

    assertThat(Manifests.kindsAndNames(RealHelm.objects(manifest)))
        .doesNotContain("Deployment/postgresql", "Service/postgresql")
        .contains("Deployment/runtime-bundle");
  }

  @Test
  void shouldRollOnlyTheServicesThatReadSecurityWhenPermissionsChange() throws IOException {
    ApplicationPlan plan = SamplePlans.withConnectors();
    Path chart = unzippedExport(plan, ExportOptions.DEFAULTS);
    Security changed = new Security(Members.users("dave"), Members.groups("auditors"));
    Path override = temp.resolve("permissions.yaml");
    Files.writeString(override, "global:\n  security:\n    admins:\n      users: [\"dave\"]\n"
        + "      groups: []\n    users:\n      users: []\n      groups: [\"auditors\"]\n");

    List<HasMetadata> before = render(chart, plan);
    List<HasMetadata> after = RealHelm.objects(new com.marcnuri.helm.Helm(chart).template()
        .withName(plan.name()).withNamespace(plan.namespace()).withValuesFile(override).call());

    assertThat(Manifests.data(Manifests.find(after, ConfigMap.class,
        ResourceNames.SECURITY_CONFIG_MAP))).isEqualTo(SecurityConfiguration.data(changed));
    for (ServicePlan service : plan.services()) {
      var old = Manifests.find(before, Deployment.class, service.name()).getSpec().getTemplate();
      var now = Manifests.find(after, Deployment.class, service.name()).getSpec().getTemplate();
      if (service.readsSecurity()) {
        assertThat(now.getMetadata().getAnnotations())
            .containsEntry(ResourceNames.SECURITY_CHECKSUM_ANNOTATION,
                SecurityConfiguration.checksum(changed));
        assertThat(now).as(service.name() + " rolls").isNotEqualTo(old);
      } else {
        assertThat(now).as(service.name() + " stays").isEqualTo(old);
      }
    }
  }

  private Path unzippedExport(ApplicationPlan plan, ExportOptions options) {
    return RealHelm.unzip(exporter.export(plan, options).zip(), temp);
  }

  private static List<HasMetadata> render(Path chart, ApplicationPlan plan) {
    return RealHelm.objects(RealHelm.template(chart, plan.name(), plan.namespace()));
  }

  static void assertLintClean(LintResult lint) {
    assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).as("lint messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
