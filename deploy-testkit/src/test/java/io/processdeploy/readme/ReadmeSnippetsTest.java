package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.DescriptorExporter;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ReleaseSource;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.metrics.MicrometerMetrics;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.helm.HelmExporter;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.DeploymentEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code beyond the quickstart, run against an embedded environment; {@link ReadmeTest}
 * keeps each {@code tag::NAME[]} region equal to the README's block {@code code:NAME}.
 */
class ReadmeSnippetsTest {
  private static DeploymentEnvironment embedded;
  private static DeploymentService service;
  private static Caller devops;

  @BeforeAll
  static void start() {
    embedded = DeploymentEnvironment.start();
    service = embedded.service();
    devops = embedded.devops();
  }

  @AfterAll
  static void stop() {
    embedded.close();
  }

  private static DescriptorRequest.Builder expenses(String name) {
    return SampleReleases.expensesRequest(name, embedded.samples().invoiceScannerImage());
  }

  @Test
  void secretVariablesAreDeclaredOrNamedSo() {
    // tag::secrets[]
    ConnectorRequest email = ConnectorRequest.outOfTheBox("email-connector",
            "{\"EMAIL_HOST\":\"smtp.example.com\",\"SMTP_USER\":\"expenses\",\"SMTP_PASS\":\"s3cret\"}")
        .withSecretVariables("SMTP_PASS");  // secret, although its name does not say so
    ServiceSettings everyService = new ServiceSettings(null,
            Map.of(Infrastructure.ENV, Map.of("DB_PWD", "s3cret", "DB_PASSWORD", "s3cret")))
        .withSecretKeys("DB_PWD");           // DB_PASSWORD is secret by its name
    // end::secrets[]
    DescriptorRequest request = DescriptorRequest.builder("secrets", SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .addConnector(email)
        .addConnector(ConnectorRequest.custom("invoice-scanner",
            embedded.samples().invoiceScannerImage(), "{}"))
        .withInfrastructure(new Infrastructure(everyService, Map.of()))
        .build();

    DeploymentDescriptor created = service.createDescriptor(devops, request);

    assertThat(created.connector("email-connector").orElseThrow().variables())
        .containsEntry("SMTP_PASS", Secrets.MASK).containsEntry("SMTP_USER", "expenses");
    assertThat(created.infrastructure().global().group(Infrastructure.ENV))
        .containsEntry("DB_PWD", Secrets.MASK).containsEntry("DB_PASSWORD", Secrets.MASK);
    assertThat(service.getDescriptor(devops, "secrets", true).connector("email-connector")
        .orElseThrow().variables()).containsEntry("SMTP_PASS", "s3cret");
  }

  @Test
  void anExternalDatabaseReplacesTheBundledOne() {
    DescriptorRequest.Builder request = expenses("expenses-ext");
    String databasePassword = "from-your-vault";
    // tag::external-postgresql[]
    Infrastructure externalDatabase = new Infrastructure(
        new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, Map.of(
            "url", "jdbc:postgresql://db.example.com:5432/expenses",
            "username", "expenses",
            "password", databasePassword))),  // secret by its name
        Map.of());  // or per service: Map.of("runtime-bundle", new ServiceSettings(..))
    request.withInfrastructure(externalDatabase);
    // end::external-postgresql[]
    service.createDescriptor(devops, request.build());

    List<String> services = service.plan(devops, "expenses-ext").services().stream()
        .map(ServicePlan::name).toList();
    assertThat(services).contains("runtime-bundle").doesNotContain(Catalog.POSTGRESQL);
    assertThat(service.getDescriptor(devops, "expenses-ext").infrastructure().global()
        .group(Infrastructure.POSTGRESQL)).containsEntry("password", Secrets.MASK);
  }

  @Test
  void aDescriptorMovesWithItsSecretsSuppliedByKey() {
    service.createDescriptor(devops, expenses("expenses-staging").build());
    String euMailPassword = "eu-mail-secret";
    String euScannerKey = "eu-scanner-key";
    // tag::export-import[]
    String json = service.exportDescriptor(devops, "expenses-staging");
    // "secretsToSupply" : [ "connectors[email-connector].EMAIL_PASSWORD",
    //                       "connectors[invoice-scanner].SCANNER_API_KEY" ]
    DeploymentDescriptor copy = service.importDescriptor(devops, json, "expenses-eu", Map.of(
        "connectors[email-connector].EMAIL_PASSWORD", euMailPassword,
        "connectors[invoice-scanner].SCANNER_API_KEY", euScannerKey));
    // end::export-import[]

    assertThat(json).contains("connectors[email-connector].EMAIL_PASSWORD",
        "connectors[invoice-scanner].SCANNER_API_KEY").doesNotContain("mail-pa55word");
    assertThat(copy.name()).isEqualTo("expenses-eu");
    assertThat(service.getDescriptor(devops, "expenses-eu", true).connector("email-connector")
        .orElseThrow().variables()).containsEntry("EMAIL_PASSWORD", euMailPassword);
  }

  @Test
  void permissionsChangeOnARunningApplicationAndDecideWhatOthersSee() {
    service.deployRelease(devops, expenses("expenses-perm").build());
    service.awaitStatus(devops, "expenses-perm", ApplicationStatus::isDeployed,
        Duration.ofMinutes(1));
    // tag::permissions[]
    service.updatePermissions(devops, "expenses-perm",
        new Security(Members.users("alice"), Members.groups("accounting", "auditors")));
    // end::permissions[]
    // tag::non-devops[]
    Caller bob = new Caller("bob", Set.of("auditors"), Set.of());  // no APS_DEVOPS role
    List<Application> visible = service.listApplications(bob);  // where he is admin or user
    Application app = service.getApplication(bob, "expenses-perm");  // secrets masked
    // end::non-devops[]

    assertThat(visible).extracting(Application::name).containsExactly("expenses-perm");
    assertThat(app.descriptor().security().users().groups()).contains("auditors");
    assertThatThrownBy(() -> service.undeploy(bob, "expenses-perm"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("APS_DEVOPS");
    assertThatThrownBy(() -> service.getApplication(bob, "expenses-perm", true))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void anUpdateMovesToANewReleaseAndARollbackReturns() {
    embedded.releases().add(SampleReleases.expensesReleased("1.2.0"));
    service.deployRelease(devops, expenses("expenses").build());
    service.awaitStatus(devops, "expenses", ApplicationStatus::isDeployed, Duration.ofMinutes(1));
    String emailJson = "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":587}";
    String scannerImage = embedded.samples().invoiceScannerImage();
    // tag::update[]
    service.update(devops, "expenses", DescriptorRequest.builder("expenses",
            ReleaseRef.of("expenses-project", "1.2.0"))
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox("email-connector", emailJson))
        .addConnector(ConnectorRequest.custom("invoice-scanner", scannerImage, "{}"))
        .build());                                   // status UpdateApp
    Application app = service.awaitStatus(devops, "expenses",
        s -> s != ApplicationStatus.UpdateApp, Duration.ofMinutes(10));
    List<Revision> revisions = service.history(devops, "expenses");
    service.rollback(devops, "expenses", 1);          // back to revision 1, as revision 3
    // end::update[]

    assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
    assertThat(app.descriptor().release().version()).isEqualTo("1.2.0");
    assertThat(revisions).extracting(Revision::number).containsExactly(1, 2);
    Application back = service.awaitStatus(devops, "expenses",
        s -> s != ApplicationStatus.UpdateApp, Duration.ofMinutes(1));
    assertThat(back.descriptor().release().version()).isEqualTo("1.0.0");
    assertThat(service.history(devops, "expenses")).hasSize(3);
  }

  @Test
  void theHelmExporterWritesAnInstallableChart(@TempDir Path charts) throws Exception {
    service.createDescriptor(devops, expenses("invoices").build());
    ApplicationPlan plan = service.plan(devops, "invoices");
    // tag::helm-exporter[]
    DescriptorExporter exporter = HelmExporter.builder()
        .withGatewayBaseUrl(URI.create("https://apps.example.com/"))  // as the cluster target has it
        .withIngressClassName("nginx")
        .build();
    ExportedChart chart = exporter.export(plan, ExportOptions.DEFAULTS);
    Files.write(charts.resolve(chart.fileName()), chart.zip());  // invoices-helm.zip
    // end::helm-exporter[]

    assertThat(charts.resolve("invoices-helm.zip")).isNotEmptyFile();
  }

  @Test
  void metricsGoToTheMeterRegistryGiven() throws InterruptedException {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    try (DeploymentEnvironment measured = DeploymentEnvironment.builder()
        .configureService(b -> b.withMetrics(MicrometerMetrics.of(meterRegistry))).start()) {
      // the cluster target reports to the same registry: one refused apply, tried again
      measured.cluster().failNext("PATCH", "/namespaces/expenses-measured/configmaps", 500, 1);
      measured.service().deployRelease(measured.devops(), SampleReleases.expensesRequest(
          "expenses-measured", measured.samples().invoiceScannerImage()).build());
      measured.service().awaitStatus(measured.devops(), "expenses-measured",
          s -> s == ApplicationStatus.Running, Duration.ofMinutes(1));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (meterRegistry.find("processdeploy.deploys").counter() == null
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(meterRegistry.get("processdeploy.deploys").tag("outcome", "Running").counter()
          .count()).isEqualTo(1);
      assertThat(meterRegistry.get("processdeploy.pipeline.step").timers()).extracting(
          t -> t.getId().getTag("step")).contains("ImageBuild", "ImagePush", "DeployStarted",
          "Pending");
      assertThat(meterRegistry.get("processdeploy.applications").tag("status", "Running").gauge()
          .value()).isEqualTo(1);
      assertThat(meterRegistry.get("processdeploy.kubernetes.api.retries")
          .tag("operation", "apply").counter().count()).isEqualTo(1);
    }
  }

  /**
   * Compiled, not run: it names no cluster; {@link #metricsGoToTheMeterRegistryGiven} runs the
   * same on the embedded environment.
   */
  @SuppressWarnings("unused")
  static DeploymentService measured(ReleaseSource yourReleases, MeterRegistry meterRegistry) {
    // tag::metrics[]
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(yourReleases)
        .withMetrics(MicrometerMetrics.of(meterRegistry))  // your application's registry
        .build();
    // end::metrics[]
    return service;
  }

  /** Compiled, not run: it names a cluster that does not exist here. */
  @SuppressWarnings("unused")
  static KubernetesClusterTarget yourClusterTarget() {
    // tag::cluster-target[]
    KubernetesClusterTarget target = KubernetesClusterTarget.builder()
        .withClient(new KubernetesClientBuilder().build())   // you keep and close it
        .withBaseUrl(URI.create("https://apps.example.com/")) // gateway: <baseUrl>/<application>/
        .withStartupDeadline(Duration.ofMinutes(10))          // Pending longer than this is Unknown
        .withIngressClass("nginx")                            // default: the cluster's default class
        .build();
    // end::cluster-target[]
    return target;
  }

  /** Compiled, not run: it names a registry that does not exist here. */
  @SuppressWarnings("unused")
  static ImageRegistry yourRegistry() {
    // tag::oci-registry[]
    ImageRegistry registry = OciRegistry.builder("registry.example.com")
        .withCredentials("ci", System.getenv("REGISTRY_PASSWORD")) // or .withCredentialHelper(..)
        .withRepositoryPrefix("apps/")
        .build();                                                  // HTTPS; .allowInsecure() for HTTP
    // end::oci-registry[]
    return registry;
  }

  /** Compiled, not run: it names a cluster and a registry that do not exist here. */
  @SuppressWarnings("unused")
  static DeploymentService wiredToYourCluster(ReleaseSource yourReleases) {
    // tag::production[]
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(yourReleases)  // your modeling service's released projects
        .withImageRegistry(OciRegistry.builder("registry.example.com")
            .withCredentials("ci", System.getenv("REGISTRY_PASSWORD"))
            .build())
        .withClusterTarget(KubernetesClusterTarget.builder()
            .withClient(new KubernetesClientBuilder().build())  // your kubeconfig; you close it
            .withBaseUrl(URI.create("https://apps.example.com/"))
            .build())
        .withCatalog(Catalog.builder()
            .withRuntimeBundleBase("registry.example.com/platform/runtime-bundle:8.1.0")
            .build())
        .withStore(FileStore.open(Path.of("/var/lib/processdeploy")))
        .build();
    // end::production[]
    return service;
  }
}
