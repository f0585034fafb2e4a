package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.MissingImplementationException;
import io.processdeploy.api.Page;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.core.fakes.FakeExporter;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Building the service, and the descriptor operations around a deployment. */
class ServiceSetupTest extends ServiceTestSupport {

  @Test
  void shouldNameTheArtifactToAddForEachMissingImplementation() {
    assertThatThrownBy(() -> DeploymentService.builder().withReleaseSource(releases).build())
        .isInstanceOf(MissingImplementationException.class)
        .hasMessage("no ImageBuilder found: add io.processdeploy:deploy-registry to the class"
            + " path or call withImageBuilder(..)");
    assertThatThrownBy(() -> DeploymentService.builder().withReleaseSource(releases)
        .withImageBuilder(builder).build())
        .hasMessageContaining("no ImageRegistry found: add io.processdeploy:deploy-registry");
    assertThatThrownBy(() -> DeploymentService.builder().withReleaseSource(releases)
        .withImageBuilder(builder).withImageRegistry(registry).build())
        .hasMessageContaining("no ClusterTarget found: add io.processdeploy:deploy-k8s");
    assertThatThrownBy(() -> DeploymentService.builder().build())
        .hasMessageContaining("no ReleaseSource found").hasMessageContaining("withReleaseSource");
  }

  @Test
  void shouldKeepDescriptorsInMemoryWhenNoStoreIsGiven() {
    service = DeploymentService.builder().withReleaseSource(releases).withImageBuilder(builder)
        .withImageRegistry(registry).withClusterTarget(cluster).withWorkDirectory(work).build();
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    assertThat(service.getDescriptor(DEVOPS, "expenses").release()).isEqualTo(SampleReleases.EXPENSES);
  }

  @Test
  void refusesToExportWithoutAnExporterNamingTheModule() {
    start();
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    assertThatThrownBy(() -> service.export(DEVOPS, "expenses", ExportOptions.DEFAULTS))
        .isInstanceOf(MissingImplementationException.class)
        .hasMessageContaining("io.processdeploy:deploy-helm");
  }

  @Test
  void shouldExportThePlanADeploymentUses() {
    FakeExporter exporter = new FakeExporter();
    start(serviceBuilder().withExporter(exporter));
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    ExportedChart chart = service.export(DEVOPS, "expenses", null);
    assertThat(chart.fileName()).isEqualTo("expenses-helm.zip");
    ApplicationPlan beforeDeploy = exporter.plans.get(0);
    assertThat(beforeDeploy).isEqualTo(service.plan(DEVOPS, "expenses", true));
    assertThat(beforeDeploy.service("runtime-bundle").orElseThrow().image())
        .isEqualTo("registry.test:5000/apps/expenses:1.0.0");

    service.deploy(DEVOPS, "expenses");
    awaitStatus("expenses", ApplicationStatus.Running);
    service.export(DEVOPS, "expenses", ExportOptions.DEFAULTS);
    ApplicationPlan afterDeploy = exporter.plans.get(1);
    assertThat(afterDeploy).isEqualTo(cluster.applied.get(0));
    assertThat(afterDeploy.service("runtime-bundle").orElseThrow().image())
        .startsWith("registry.test:5000/apps/expenses:1.0.0@sha256:");
  }

  @Test
  void shouldListDescriptorsFilteredAndPaged() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    start(serviceBuilder().withClock(clock));
    for (int i = 0; i < 5; i++) {
      now.set(Instant.parse("2026-05-0" + (i + 1) + "T00:00:00Z"));
      service.createDescriptor(DEVOPS, SampleReleases.timesheetsRequest("sheets-" + i).build());
    }
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    service.deploy(DEVOPS, "sheets-3");
    awaitStatus("sheets-3", ApplicationStatus.Running);

    Page<DeploymentDescriptor> all = service.listDescriptors(DEVOPS, DescriptorQuery.ALL);
    assertThat(all.total()).isEqualTo(6);
    assertThat(all.items()).extracting(DeploymentDescriptor::name).containsExactly("expenses",
        "sheets-0", "sheets-1", "sheets-2", "sheets-3", "sheets-4");

    Page<DeploymentDescriptor> page = service.listDescriptors(DEVOPS,
        DescriptorQuery.ALL.withNameContains("sheets").withPage(1, 2));
    assertThat(page.items()).extracting(DeploymentDescriptor::name)
        .containsExactly("sheets-2", "sheets-3");
    assertThat(page.total()).isEqualTo(5);
    assertThat(page.hasNext()).isTrue();
    assertThat(service.listDescriptors(DEVOPS, DescriptorQuery.ALL.withPage(9, 2)).items()).isEmpty();

    assertThat(service.listDescriptors(DEVOPS, DescriptorQuery.ALL
        .withCreatedBetween(Instant.parse("2026-05-02T00:00:00Z"), Instant.parse("2026-05-04T00:00:00Z")))
        .items()).extracting(DeploymentDescriptor::name).containsExactly("sheets-1", "sheets-2");
    assertThat(service.listDescriptors(DEVOPS, DescriptorQuery.ALL
        .withStatus(ApplicationStatus.Running)).items())
        .extracting(DeploymentDescriptor::name).containsExactly("sheets-3");
  }
}
