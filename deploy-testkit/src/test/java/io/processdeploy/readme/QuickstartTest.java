package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.DeploymentEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The README's quickstart is this file from here on (ReadmeTest keeps them equal), and the
// consumer project of deploy-consumer-it compiles and runs the README's copy.
// tag::quickstart[]
/** Deploys the sample expenses project the way your service would deploy yours. */
class QuickstartTest {
  @TempDir Path workDir;

  @Test
  void deploysTheExpensesProject() throws Exception {
    // Stands in for your cluster and registry: an embedded Kubernetes API server whose pods
    // start only when their image is in the embedded registry; that registry holds the
    // platform's images (embedded.catalog()) and the invoice scanner connector used below.
    try (DeploymentEnvironment embedded = DeploymentEnvironment.start()) {
      String registry = embedded.registry().host();

      DeploymentService service = DeploymentService.builder()
          .withReleaseSource(SampleReleases.source())  // yours: your released projects
          .withImageRegistry(embedded.registry())      // yours: OciRegistry.builder(host)..
          .withClusterTarget(KubernetesClusterTarget.builder()
              .withClient(embedded.client())           // yours: new KubernetesClientBuilder()..
              .withBaseUrl(URI.create("https://apps.example.com/"))
              .build())
          .withCatalog(embedded.catalog())             // yours: Catalog.builder()..
          .withStore(FileStore.open(workDir.resolve("state")))
          .build();  // the Jib image builder and the Helm exporter are found on the class path
      Caller devops = Caller.of("alice", "APS_DEVOPS");

      service.createDescriptor(devops,
          DescriptorRequest.builder("expenses", ReleaseRef.of("expenses-project", "1.0.0"))
              .withAdmins(Members.users("alice"))
              .withUsers(Members.groups("accounting"))
              .addConnector(ConnectorRequest.outOfTheBox("email-connector",
                  "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":587}"))
              .addConnector(ConnectorRequest.custom("invoice-scanner",
                  registry + "/acme/invoice-scanner:1.2.0", "{\"SCANNER_DPI\":300}"))
              .build());

      Path zip = workDir.resolve("expenses-helm.zip");
      Files.write(zip, service.export(devops, "expenses", ExportOptions.DEFAULTS).zip());

      service.deploy(devops, "expenses");
      Application app = service.awaitStatus(devops, "expenses", ApplicationStatus::isDeployed,
          Duration.ofMinutes(2));
      Links links = service.links(devops, "expenses");
      service.close();

      assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
      assertThat(links.processWorkspaceLink()).isPresent();
      assertThat(links.gateway().toString()).startsWith("https://apps.example.com/");
      assertThat(zip).isNotEmptyFile();
    }
  }
}
// end::quickstart[]
