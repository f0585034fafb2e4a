package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.SampleReleases;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exporting a descriptor from one environment and importing it into another. */
class DescriptorTransferTest extends ServiceTestSupport {
  private static final String EMAIL_KEY = "connectors[email-connector].EMAIL_PASSWORD";
  private static final String SCANNER_KEY = "connectors[invoice-scanner].SCANNER_API_KEY";
  private static final Map<String, String> SECRETS = Map.of(EMAIL_KEY, "mail-pa55word",
      SCANNER_KEY, "scan-k3y-0042");
  private static final String MIRRORED_EMAIL = "127.0.0.1:5000/mirror/email-connector:9.9.9";

  private final InMemoryStore targetStore = new InMemoryStore();
  private DeploymentService target;

  @BeforeEach
  void startBoth() {
    start();
    target = targetBuilder(Catalog.builder().withConnector("email-connector", MIRRORED_EMAIL)
        .build()).build();
  }

  @AfterEach
  void closeTarget() {
    target.close();
  }

  private DeploymentService.Builder targetBuilder(Catalog catalog) {
    return DeploymentService.builder()
        .withReleaseSource(SampleReleases.source())
        .withStore(targetStore)
        .withImageBuilder(new FakeImageBuilder())
        .withImageRegistry(new FakeImageRegistry())
        .withClusterTarget(new FakeClusterTarget())
        .withWorkDirectory(work)
        .withCatalog(catalog);
  }

  private String exportExpenses() {
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    return service.exportDescriptor(DEVOPS, "expenses");
  }

  private ValidationException rejectedImport(String json, Map<String, String> secrets) {
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> target.importDescriptor(DEVOPS, json, secrets));
    assertThat(e).as("the import is refused").isNotNull();
    assertThat(targetStore.descriptors()).as("nothing stored").isEmpty();
    return e;
  }

  /** The descriptor without what each environment makes its own. */
  private static DeploymentDescriptor portable(DeploymentDescriptor d) {
    Map<String, ServiceSettings> services = new TreeMap<>(d.infrastructure().services());
    ServiceSettings db = services.remove(Catalog.POSTGRESQL);
    if (db != null) {
      Map<String, Map<String, String>> groups = new TreeMap<>(db.variables());
      Map<String, String> pg = new TreeMap<>(db.group(Infrastructure.POSTGRESQL));
      pg.remove("password");
      groups.put(Infrastructure.POSTGRESQL, pg);
      services.put(Catalog.POSTGRESQL, new ServiceSettings(db.image(), groups));
    }
    return new DeploymentDescriptor(d.name(), d.release(), d.security(), d.connectors(),
        new Infrastructure(d.infrastructure().global(), services), java.time.Instant.EPOCH, "-");
  }

  private static int lineOf(String text, String part) {
    return text.substring(0, text.indexOf(part)).split("\n", -1).length;
  }

  @Test
  void shouldRoundTripADescriptorIntoAnotherEnvironment() {
    target.close();
    target = targetBuilder(Catalog.defaults()).build();
    String json = exportExpenses();
    target.importDescriptor(DEVOPS, json, SECRETS);
    DeploymentDescriptor imported = target.getDescriptor(DEVOPS, "expenses", true);
    DeploymentDescriptor original = service.getDescriptor(DEVOPS, "expenses", true);
    assertThat(portable(imported)).isEqualTo(portable(original));
    assertThat(targetStore.findDescriptor("expenses")).contains(imported);
    String bundled = "password";
    assertThat(imported.infrastructure().service(Catalog.POSTGRESQL)
        .group(Infrastructure.POSTGRESQL).get(bundled)).isNotBlank()
        .isNotEqualTo(original.infrastructure().service(Catalog.POSTGRESQL)
            .group(Infrastructure.POSTGRESQL).get(bundled));
  }

  @Test
  void shouldRoundTripInfrastructureWithAnExternalDatabase() {
    Infrastructure infra = new Infrastructure(new ServiceSettings(null, Map.of(
        Infrastructure.POSTGRESQL, Map.of("url", "jdbc:postgresql://db.example.com:5432/app",
            "username", "app", "password", "db-pa55word"))), Map.of(
        Catalog.QUERY, new ServiceSettings(ImageReference.parse("127.0.0.1:5000/team/query:2"),
            Map.of(Infrastructure.ENV, Map.of("LOG_LEVEL", "debug", "QUERY_TOKEN", "t0ken-77")))));
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses")
        .withInfrastructure(infra).build());
    String json = service.exportDescriptor(DEVOPS, "expenses");
    assertThat(json).doesNotContain("db-pa55word").doesNotContain("t0ken-77")
        .contains("\"infrastructure.global.variables[postgresql-service].password\"")
        .contains("\"infrastructure.services[query].variables[env].QUERY_TOKEN\"");
    Map<String, String> secrets = new TreeMap<>(SECRETS);
    secrets.put("infrastructure.global.variables[postgresql-service].password", "db-pa55word");
    secrets.put("infrastructure.services[query].variables[env].QUERY_TOKEN", "t0ken-77");
    DeploymentDescriptor imported = target.importDescriptor(DEVOPS, json, secrets);
    assertThat(imported.infrastructure()).isEqualTo(service.getDescriptor(DEVOPS, "expenses")
        .infrastructure());
  }

  @Test
  void shouldExportAStableDocumentWithoutAnySecret() {
    String json = exportExpenses();
    assertThat(json).doesNotContain("mail-pa55word").doesNotContain("scan-k3y-0042");
    String dbPassword = service.getDescriptor(DEVOPS, "expenses").infrastructure()
        .service(Catalog.POSTGRESQL).group(Infrastructure.POSTGRESQL).get("password");
    assertThat(json).doesNotContain(dbPassword)
        .startsWith("{\n  \"format\" : \"processdeploy-descriptor/v1\",\n  \"name\" : \"expenses\"")
        .contains("\"secretsToSupply\" : [ \"" + EMAIL_KEY + "\", \"" + SCANNER_KEY + "\" ]")
        .contains("\"image\" : \"" + SampleReleases.INVOICE_SCANNER_IMAGE + "\"")
        .doesNotContain("docker.io/activiti/email-connector");
    assertThat(json.indexOf("\"release\"")).isLessThan(json.indexOf("\"security\""));
    assertThat(json.indexOf("\"connectors\"")).isLessThan(json.indexOf("\"infrastructure\""));
    assertThat(service.exportDescriptor(DEVOPS, "expenses")).isEqualTo(json);
  }

  @Test
  void shouldTakeOutOfTheBoxConnectorImagesFromTheImportingCatalog() {
    target.importDescriptor(DEVOPS, exportExpenses(), SECRETS);
    DeploymentDescriptor imported = target.getDescriptor(DEVOPS, "expenses", true);
    assertThat(imported.connector("email-connector").orElseThrow())
        .satisfies(c -> assertThat(c.image().toString()).isEqualTo(MIRRORED_EMAIL))
        .satisfies(c -> assertThat(c.kind()).isEqualTo(ConnectorKind.OUT_OF_THE_BOX))
        .satisfies(c -> assertThat(c.variables()).containsEntry("EMAIL_PASSWORD",
            "mail-pa55word").containsEntry("EMAIL_PORT", "587"));
    assertThat(imported.connector("invoice-scanner").orElseThrow().image().toString())
        .isEqualTo(SampleReleases.INVOICE_SCANNER_IMAGE);
  }

  @Test
  void shouldImportUnderANewName() {
    DeploymentDescriptor imported = target.importDescriptor(DEVOPS, exportExpenses(),
        "expenses-eu", SECRETS);
    assertThat(imported.name()).isEqualTo("expenses-eu");
    assertThat(targetStore.descriptors()).extracting(DeploymentDescriptor::name)
        .containsExactly("expenses-eu");
    assertThat(imported.createdBy()).isEqualTo(DEVOPS.name());
  }

  @Test
  void rejectsAMissingSecretNamingItsKey() {
    ValidationException e = rejectedImport(exportExpenses(), Map.of(EMAIL_KEY, "x-pass"));
    assertThat(e.field()).isEqualTo(SCANNER_KEY);
    assertThat(e).hasMessageContaining("secrets map").hasMessageNotContaining("x-pass");
  }

  @Test
  void rejectsAnUnknownSecretKey() {
    Map<String, String> secrets = new TreeMap<>(SECRETS);
    secrets.put("connectors[email-connector].EMAIL_PASWORD", "typo");
    ValidationException e = rejectedImport(exportExpenses(), secrets);
    assertThat(e.field()).isEqualTo("secrets");
    assertThat(e).hasMessageContaining("'connectors[email-connector].EMAIL_PASWORD'")
        .hasMessageContaining(EMAIL_KEY).hasMessageNotContaining("typo\"");
  }

  @Test
  void rejectsAMalformedDocumentNamingLineAndColumn() {
    String json = exportExpenses().replace("\"projectId\" : \"expenses-project\",",
        "\"projectId\" : \"expenses-project\"");
    ValidationException e = rejectedImport(json, SECRETS);
    assertThat(e.field()).isEqualTo("release.projectId");
    assertThat(e).hasMessageContaining("not valid JSON").hasMessageEndingWith("(line "
        + (lineOf(json, "\"projectId\"") + 1) + ", column 5)")
        .hasMessageNotContaining("expenses-project");
  }

  @Test
  void rejectsAFieldOfTheWrongTypeNamingItAndItsPlace() {
    String json = exportExpenses().replace("\"image\" : \"" + SampleReleases.INVOICE_SCANNER_IMAGE
        + "\"", "\"image\" : { \"tag\" : \"1\" }");
    ValidationException e = rejectedImport(json, SECRETS);
    assertThat(e.field()).isEqualTo("connectors[1].image");
    assertThat(e).hasMessageContaining("must be a string")
        .hasMessageContaining("(line " + lineOf(json, "\"image\" : {") + ", column 5)");
  }

  @Test
  void rejectsAnUnknownField() {
    String json = exportExpenses().replace("\"name\" : \"expenses\",",
        "\"name\" : \"expenses\",\n  \"colour\" : \"blue\",");
    ValidationException e = rejectedImport(json, SECRETS);
    assertThat(e.field()).isEqualTo("colour");
    assertThat(e).hasMessageContaining("secretsToSupply")
        .hasMessageEndingWith("(line 4, column 3)");
  }

  @Test
  void rejectsAnotherFormatVersion() {
    String json = exportExpenses().replace("processdeploy-descriptor/v1",
        "processdeploy-descriptor/v2");
    ValidationException e = rejectedImport(json, SECRETS);
    assertThat(e.field()).isEqualTo("format");
    assertThat(e).hasMessageContaining("'processdeploy-descriptor/v2'")
        .hasMessageContaining("processdeploy-descriptor/v1");
    assertThat(rejectedImport("{\"name\":\"expenses\"}", SECRETS).field()).isEqualTo("format");
  }

  @Test
  void rejectsAPlaceholderThatIsNotListedAsASecret() {
    String json = exportExpenses().replace("\"" + SCANNER_KEY + "\"", "")
        .replace("\"" + EMAIL_KEY + "\", ", "\"" + EMAIL_KEY + "\"");
    ValidationException e = rejectedImport(json, Map.of(EMAIL_KEY, "mail-pa55word"));
    assertThat(e.field()).isEqualTo(SCANNER_KEY);
    assertThat(e).hasMessageContaining("secretsToSupply");
  }

  @Test
  void rejectsAnImportedDescriptorBreakingARuleLikeACreatedOne() {
    String json = exportExpenses().replace("\"users\" : [ \"alice\" ]", "\"users\" : [ ]");
    ValidationException e = rejectedImport(json, SECRETS);
    assertThat(e.field()).isEqualTo("security.admins");
  }
}
