package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.internal.Redaction;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One bad input per rule: the exception, the field it names, and nothing stored. */
class DescriptorValidationTest extends ServiceTestSupport {

  @BeforeEach
  void startService() {
    start();
  }

  private static DescriptorRequest expenses(List<ConnectorRequest> connectors) {
    return new DescriptorRequest("expenses", SampleReleases.EXPENSES,
        new Security(Members.users("alice"), null), connectors, null);
  }

  private static DescriptorRequest withInfrastructure(Infrastructure infrastructure) {
    return SampleReleases.expensesRequest("expenses").withInfrastructure(infrastructure).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Expenses", "1expenses", "expenses-", "exp_enses", "exp.enses",
      "abcdefghijklmnopqrstuvwxyz0"})
  void rejectsAnInvalidName(String name) {
    ValidationException e = rejectsField(SampleReleases.expensesRequest(name).build(), "name");
    assertThat(e).hasMessageContaining("'" + name + "'");
  }

  @Test
  void rejectsAnEmptyName() {
    rejectsField(SampleReleases.expensesRequest("").build(), "name");
  }

  @Test
  void acceptsTheLongestAndShortestNames() {
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("abcdefghijklmnopqrstuvwxy0").build());
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("x").build());
    assertThat(store.descriptors()).extracting(DeploymentDescriptor::name)
        .containsExactly("abcdefghijklmnopqrstuvwxy0", "x");
  }

  @Test
  void rejectsANameTakenByADescriptor() {
    DeploymentDescriptor first = service.createDescriptor(DEVOPS,
        SampleReleases.expensesRequest("expenses").build());
    DescriptorRequest again = SampleReleases.timesheetsRequest("expenses").build();
    assertThatThrownBy(() -> service.createDescriptor(DEVOPS, again))
        .isInstanceOf(ConflictException.class).hasMessageContaining("'expenses'")
        .hasMessageContaining("another name");
    assertThatThrownBy(() -> service.deployRelease(DEVOPS, again))
        .isInstanceOf(ConflictException.class);
    assertThat(store.descriptors()).extracting(Redaction::masked).containsExactly(first);
    assertThat(store.applications()).isEmpty();
  }

  @Test
  void rejectsANameTakenByAnApplication() {
    DeploymentDescriptor orphan = new DeploymentDescriptor("taken", SampleReleases.EXPENSES,
        new Security(Members.users("alice"), null), List.of(), null, Instant.EPOCH, "x");
    store.insertApplication(Application.create(orphan, "taken", Instant.EPOCH, "x"));
    assertThatThrownBy(() -> service.createDescriptor(DEVOPS,
        SampleReleases.expensesRequest("taken").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("application named 'taken'");
    assertThat(store.descriptors()).isEmpty();
  }

  @Test
  void rejectsAReleaseThatDoesNotExist() {
    DeploymentException e = rejects(DescriptorRequest.builder("expenses",
        ReleaseRef.of("expenses-project", "9.9.9")).withAdmins(Members.users("alice")).build(),
        NotFoundException.class);
    assertThat(e).hasMessageContaining("expenses-project@9.9.9");
  }

  @Test
  void rejectsAVersionThatIsNotReleased() {
    ValidationException e = rejectsField(DescriptorRequest.builder("expenses",
        SampleReleases.EXPENSES_UNRELEASED).withAdmins(Members.users("alice")).build(),
        "release.version");
    assertThat(e).hasMessageContaining("not released").hasMessageContaining("1.1.0");
  }

  @Test
  void rejectsARequestWithoutRelease() {
    rejectsField(new DescriptorRequest("expenses", null, null, null, null), "release");
  }

  @Test
  void rejectsARequestWithoutAdmin() {
    ValidationException e = rejectsField(SampleReleases.expensesRequest("expenses")
        .withAdmins(Members.NONE).build(), "security.admins");
    assertThat(e).hasMessageContaining("at least one admin");
  }

  @Test
  void rejectsACustomConnectorTheReleaseUsesButNobodyConfigured() {
    DescriptorRequest request = DescriptorRequest.builder("onboarding", SampleReleases.ONBOARDING)
        .withAdmins(Members.users("alice")).build();
    ValidationException e = rejectsField(request, "connectors");
    assertThat(e).hasMessageContaining("'" + SampleReleases.MISSING_CONNECTOR + "'")
        .hasMessageContaining("process " + SampleReleases.ONBOARDING_PROCESS)
        .hasMessageContaining("ConnectorRequest.custom");
  }

  @Test
  void rejectsACustomConnectorLeftOutOfTheRequest() {
    ValidationException e = rejectsField(expenses(List.of()), "connectors");
    assertThat(e).hasMessageContaining("'invoice-scanner'")
        .hasMessageContaining(SampleReleases.EXPENSE_APPROVAL_PROCESS);
  }

  @Test
  void rejectsAConnectorTheReleaseDoesNotUse() {
    ValidationException e = rejectsField(SampleReleases.expensesRequest("expenses")
        .addConnector(ConnectorRequest.outOfTheBox("slack-connector", null)).build(),
        "connectors[slack-connector]");
    assertThat(e).hasMessageContaining("not used by any process")
        .hasMessageContaining("email-connector").hasMessageContaining("invoice-scanner");
  }

  @Test
  void rejectsAConnectorConfiguredTwice() {
    rejectsField(SampleReleases.expensesRequest("expenses")
        .addConnector(ConnectorRequest.outOfTheBox("email-connector", null)).build(),
        "connectors[email-connector]");
  }

  @Test
  void rejectsAConnectorWithoutName() {
    rejectsField(SampleReleases.expensesRequest("expenses")
        .addConnector(ConnectorRequest.custom(" ", "acme/x:1", null)).build(),
        "connectors[2].name");
  }

  @Test
  void rejectsACustomConnectorWithoutImage() {
    ValidationException e = rejectsField(expenses(List.of(
        ConnectorRequest.custom("invoice-scanner", null, null))), "connectors[invoice-scanner].image");
    assertThat(e).hasMessageContaining("custom connector");
  }

  @Test
  void rejectsAnImageReferenceThatDoesNotParse() {
    ValidationException e = rejectsField(SampleReleases.expensesRequest("expenses",
        "registry.example.com/Acme/Scanner:1.0").build(), "connectors[invoice-scanner].image");
    assertThat(e).hasMessageContaining("not an image reference");
  }

  @Test
  void rejectsVariablesThatAreNotJsonSayingWhere() {
    String json = "{\"SCANNER_API_KEY\":\"hunter2-secret\",\n \"SCANNER_DPI\" 300}";
    ValidationException e = rejectsField(expenses(List.of(
        ConnectorRequest.custom("invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE, json))),
        "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("line 2, column 16").hasMessageNotContaining("hunter2");
  }

  @Test
  void rejectsVariablesThatEndTooEarlySayingWhere() {
    ValidationException e = rejectsField(expenses(List.of(ConnectorRequest.custom(
        "invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE, "{\"TOKEN\":\"abc123\""))),
        "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("line 1").hasMessageContaining("ends before")
        .hasMessageNotContaining("abc123");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"A\"]", "\"text\"", "42", "null"})
  void rejectsVariablesThatAreNotAnObject(String json) {
    ValidationException e = rejectsField(expenses(List.of(ConnectorRequest.custom(
        "invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE, json))),
        "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"A\":{\"B\":1}}", "{\"A\":[1,2]}", "{\"A\":null}"})
  void rejectsVariableValuesThatAreNotScalars(String json) {
    ValidationException e = rejectsField(expenses(List.of(ConnectorRequest.custom(
        "invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE, json))),
        "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("the value of A");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1PORT", "EMAIL-HOST", "EMAIL HOST", ""})
  void rejectsVariableNamesThatAreNotEnvironmentVariables(String name) {
    ValidationException e = rejectsField(expenses(List.of(ConnectorRequest.custom(
        "invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE, "{\"" + name + "\":\"x\"}"))),
        "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("not a valid environment variable name");
  }

  @Test
  void rejectsAVariableGivenTwice() {
    ValidationException e = rejectsField(expenses(List.of(ConnectorRequest.custom(
        "invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE,
        "{\"SCANNER_DPI\":300,\"SCANNER_DPI\":600}"))), "connectors[invoice-scanner].variables");
    assertThat(e).hasMessageContaining("appears twice");
  }

  @Test
  void rejectsAServiceInfrastructureDoesNotKnow() {
    ValidationException e = rejectsField(withInfrastructure(new Infrastructure(null,
        Map.of("redis", ServiceSettings.NONE))), "infrastructure.services[redis]");
    assertThat(e).hasMessageContaining("runtime-bundle");
  }

  @Test
  void rejectsAnUnknownVariableGroup() {
    rejectsField(withInfrastructure(new Infrastructure(new ServiceSettings(null,
        Map.of("cache", Map.of("size", "1"))), null)), "infrastructure.global.variables[cache]");
  }

  @Test
  void rejectsAnUnknownPostgresqlKey() {
    rejectsField(withInfrastructure(new Infrastructure(null, Map.of("query",
        new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, Map.of("host", "db")))))),
        "infrastructure.services[query].variables[postgresql-service].host");
  }

  @Test
  void rejectsADatabaseUrlThatIsNotPostgresqlWithoutShowingIt() {
    ValidationException e = rejectsField(withInfrastructure(new Infrastructure(
        new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, Map.of(
            "url", "jdbc:mysql://db/x?password=s3cr3t-db", "username", "u"))), null)),
        "infrastructure.global.variables[postgresql-service].url");
    assertThat(e).hasMessageContaining("jdbc:postgresql://").hasMessageNotContaining("s3cr3t-db");
  }

  @Test
  void rejectsAnExternalDatabaseWithoutUser() {
    rejectsField(withInfrastructure(new Infrastructure(new ServiceSettings(null,
        Map.of(Infrastructure.POSTGRESQL, Map.of("url", "jdbc:postgresql://db:5432/a",
            "password", "pw-123"))), null)),
        "infrastructure.services[runtime-bundle].variables[postgresql-service].username");
  }

  @Test
  void rejectsAnInvalidEnvironmentVariableInInfrastructure() {
    rejectsField(withInfrastructure(new Infrastructure(null, Map.of("runtime-bundle",
        new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("JAVA-OPTS", "-Xmx1g")))))),
        "infrastructure.services[runtime-bundle].variables[env]");
  }

  @Test
  void rejectsAGlobalImage() {
    rejectsField(withInfrastructure(new Infrastructure(
        new ServiceSettings(ImageReference.parse("acme/all:1"), Map.of()), null)),
        "infrastructure.global.image");
  }

  @Test
  void rejectsAConnectorThatWouldRunAsAServiceOfTheApplication() {
    releases.add(new ReleasedProject(ReleaseRef.of("clash", "1"), "clash", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", bpmn("Query.RUN")))));
    ValidationException e = rejectsField(DescriptorRequest.builder("clash", ReleaseRef.of("clash", "1"))
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom("Query", "acme/query-connector:1", null)).build(),
        "connectors[Query].name");
    assertThat(e).hasMessageContaining("service 'query'");
  }

  @Test
  void rejectsAConnectorWhoseInstanceLabelWouldBeTooLongForKubernetes() {
    String connector = "c".repeat(40);
    String application = "a".repeat(26);
    releases.add(new ReleasedProject(ReleaseRef.of("long", "1"), "long", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", bpmn(connector + ".RUN")))));
    ValidationException e = rejectsField(DescriptorRequest.builder(application,
        ReleaseRef.of("long", "1")).withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom(connector, "acme/long:1", null)).build(),
        "connectors[" + connector + "].name");
    assertThat(e).hasMessageContaining("at most 36 characters");
  }

  @Test
  void rejectsAProcessDefinitionThatIsNotWellFormed() {
    releases.add(new ReleasedProject(ReleaseRef.of("broken", "1"), "broken", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", "<definitions><process>"))));
    ValidationException e = rejectsField(DescriptorRequest.builder("broken",
        ReleaseRef.of("broken", "1")).withAdmins(Members.users("alice")).build(),
        "release.content[processes/p.bpmn20.xml]");
    assertThat(e).hasMessageContaining("line 1");
  }

  @Test
  void rejectsAProcessDefinitionWithADoctypeSoNoEntityIsEverRead() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<definitions><process id=\"p\"><serviceTask implementation=\"&x;.SEND\"/></process>"
        + "</definitions>";
    releases.add(new ReleasedProject(ReleaseRef.of("xxe", "1"), "xxe", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", xxe))));
    ValidationException e = rejectsField(DescriptorRequest.builder("xxe",
        ReleaseRef.of("xxe", "1")).withAdmins(Members.users("alice")).build(),
        "release.content[processes/p.bpmn20.xml]");
    assertThat(e).hasMessageContaining("DOCTYPE").hasMessageNotContaining("root:");
  }

  @Test
  void rejectsANamespaceThatSomeoneElseOwnsBeforeStoringAnything() {
    cluster.foreignNamespaces.add("expenses");
    assertThatThrownBy(() -> service.deployRelease(DEVOPS,
        SampleReleases.expensesRequest("expenses").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("namespace 'expenses'");
    assertNothingStored();
  }

  @Test
  void rejectsDeployingBeyondTheLimitOfApplications() throws Exception {
    service.close();
    start(serviceBuilder().withMaxApplications(1));
    service.deployRelease(DEVOPS, SampleReleases.timesheetsRequest("first").build());
    assertThatThrownBy(() -> service.deployRelease(DEVOPS,
        SampleReleases.timesheetsRequest("second").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("limit of 1 applications");
    assertThat(store.descriptors()).extracting(DeploymentDescriptor::name).containsExactly("first");
    service.createDescriptor(DEVOPS, SampleReleases.timesheetsRequest("second").build());
    assertThatThrownBy(() -> service.deploy(DEVOPS, "second"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("withMaxApplications");
    assertThat(store.applications()).extracting(Application::name).containsExactly("first");
  }

  @Test
  void shouldAddOutOfTheBoxConnectorsFromTheCatalogAndTurnScalarsIntoText() {
    DeploymentDescriptor d = service.createDescriptor(DEVOPS, expenses(List.of(
        ConnectorRequest.custom("invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE,
            "{\"SCANNER_DPI\":300,\"RATIO\":1.50,\"COLOR\":false,\"NAME\":\"x\"}"))));
    assertThat(d.connectors()).extracting(c -> c.name())
        .containsExactly("email-connector", "invoice-scanner");
    assertThat(d.connector("email-connector").orElseThrow().kind())
        .isEqualTo(ConnectorKind.OUT_OF_THE_BOX);
    assertThat(d.connector("email-connector").orElseThrow().image())
        .isEqualTo(Catalog.defaults().connector("email-connector").orElseThrow());
    assertThat(d.connector("invoice-scanner").orElseThrow().kind()).isEqualTo(ConnectorKind.CUSTOM);
    assertThat(d.connector("invoice-scanner").orElseThrow().variables()).containsExactly(
        Map.entry("COLOR", "false"), Map.entry("NAME", "x"), Map.entry("RATIO", "1.50"),
        Map.entry("SCANNER_DPI", "300"));
    assertThat(store.descriptors()).extracting(Redaction::masked).containsExactly(d);
  }

  @Test
  void shouldKeepAGeneratedDatabasePasswordWithTheDescriptorAndNeverShowIt() {
    DeploymentDescriptor returned = service.createDescriptor(DEVOPS,
        SampleReleases.expensesRequest("expenses").build());
    assertThat(returned.infrastructure().service("postgresql")
        .group(Infrastructure.POSTGRESQL).get("password")).isEqualTo(Secrets.MASK);
    DeploymentDescriptor d = store.findDescriptor("expenses").orElseThrow();
    String password = d.infrastructure().service("postgresql")
        .group(Infrastructure.POSTGRESQL).get("password");
    assertThat(password).hasSize(24);
    assertThat(d.toString()).doesNotContain(password).doesNotContain("mail-pa55word")
        .doesNotContain("scan-k3y-0042");
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses-two").build());
    DeploymentDescriptor other = store.findDescriptor("expenses-two").orElseThrow();
    assertThat(other.infrastructure().service("postgresql").group(Infrastructure.POSTGRESQL)
        .get("password")).isNotEqualTo(password);
  }

  @Test
  void shouldNotBundleADatabaseWhenAnExternalOneIsConfigured() {
    DeploymentDescriptor d = service.createDescriptor(DEVOPS, withInfrastructure(
        new Infrastructure(new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, Map.of(
            "url", "jdbc:postgresql://db.example.com:5432/apps", "username", "apps",
            "password", "ext-pa55"))), null)));
    assertThat(d.infrastructure().services()).doesNotContainKey("postgresql");
  }
}
