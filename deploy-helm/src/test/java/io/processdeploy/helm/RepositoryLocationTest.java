package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.LocalChartRepository;
import io.processdeploy.helm.support.Manifests;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.helm.support.SamplePlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export pointed at a Helm repository instead of vendoring: real Helm fetches the charts from
 * a repository on loopback (the shipped charts packaged by Helm) and renders the same objects.
 */
class RepositoryLocationTest {
  @TempDir
  Path temp;

  @Test
  void shouldFetchTheChartsFromTheRepositoryAndRenderTheSameObjects() throws IOException {
    ApplicationPlan plan = SamplePlans.withConnectors();
    try (LocalChartRepository repository =
        LocalChartRepository.start(Files.createDirectories(temp.resolve("repository")))) {
      Path chart = RealHelm.unzip(new HelmExporter().export(plan, new ExportOptions(false,
          ChartLocation.repository(repository.url()))).zip(), temp.resolve("export"));

      RealHelm.dependencyBuild(chart);

      assertThat(chart.resolve("charts")).isDirectoryContaining("glob:**/processdeploy-service-*.tgz");
      ExportedChartHelmTest.assertLintClean(RealHelm.lintStrict(chart));
      assertThat(Manifests.kindsAndNames(RealHelm.objects(
          RealHelm.template(chart, plan.name(), plan.namespace()))))
          .containsExactlyElementsOf(Manifests.expected(plan, false));
    }
  }
}
