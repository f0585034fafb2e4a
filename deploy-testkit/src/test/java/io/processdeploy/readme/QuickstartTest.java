package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's quickstart exactly as printed there ({@link ReadmeTest} keeps them equal). */
class QuickstartTest {
  /**
   * A base image with an entrypoint, as a Docker-format tar: the embedded cluster runs no
   * container, so the program it names need not exist.
   */
  static String runnableBase(Path tar) throws Exception {
    Jib.fromScratch().setEntrypoint(List.of("/runtime-bundle")).setFormat(ImageFormat.Docker)
        .containerize(Containerizer.to(TarImage.at(tar).named("runtime-bundle-base:1")));
    return Catalog.ARCHIVE_PREFIX + tar;
  }

  @TempDir Path workDir;

  @Test
  void shouldRunTheReadmeQuickstart() throws Exception {
    Path zip = workDir.resolve("expenses-helm.zip");
    String runtimeBundleBase = runnableBase(workDir.resolve("base.tar"));
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      // tag::quickstart[]
      KubernetesClient client = cluster.client(); // yours: new KubernetesClientBuilder().build()
      DeploymentService service = DeploymentService.builder()
          .withReleaseSource(SampleReleases.source()) // your modeling service's releases
          .withImageRegistry(DirectoryRegistry.at(workDir.resolve("registry"))) // or OciRegistry
          .withClusterTarget(KubernetesClusterTarget.builder()
              .withClient(client)
              .withBaseUrl(URI.create("https://apps.example.com/"))
              .build())
          .withCatalog(Catalog.builder() // images of the platform services and connectors
              .withRuntimeBundleBase(runtimeBundleBase) // what the release layer goes on
              .build())
          .withStore(FileStore.open(workDir.resolve("state")))
          .build(); // the Jib image builder and the Helm exporter are found on the class path
      Caller devops = Caller.of("alice", "APS_DEVOPS");

      service.createDescriptor(devops,
          DescriptorRequest.builder("expenses", ReleaseRef.of("expenses-project", "1.0.0"))
              .withAdmins(Members.users("alice"))
              .withUsers(Members.groups("accounting"))
              .addConnector(ConnectorRequest.outOfTheBox("email-connector",
                  "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":587}"))
              .addConnector(ConnectorRequest.custom("invoice-scanner",
                  "registry.example.com/acme/invoice-scanner:1.2.0", "{\"SCANNER_DPI\":300}"))
              .build());

      Files.write(zip, service.export(devops, "expenses", ExportOptions.DEFAULTS).zip());

      service.deploy(devops, "expenses");
      Application app = service.awaitStatus(devops, "expenses", ApplicationStatus::isDeployed,
          Duration.ofMinutes(2));
      Links links = service.links(devops, "expenses");
      // end::quickstart[]

      service.close();
      assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
      assertThat(app.history()).extracting(StatusTransition::to).containsExactly(
          ApplicationStatus.CreateApp, ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush,
          ApplicationStatus.DeployStarted, ApplicationStatus.Pending, ApplicationStatus.Running);
      assertThat(links.processWorkspaceLink()).isPresent();
      assertThat(links.gateway().toString()).startsWith("https://apps.example.com/");
      assertThat(Files.size(zip)).isGreaterThan(1000);
    }
  }
}
