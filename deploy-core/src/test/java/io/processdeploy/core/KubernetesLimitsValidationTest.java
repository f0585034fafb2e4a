package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.internal.Redaction;
import io.processdeploy.tck.release.SampleReleases;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real Kubernetes API server would refuse in an application's objects is refused when the
 * descriptor is created: the field, the limit and the fix in the message, nothing stored; what is
 * exactly at a limit is accepted.
 */
class KubernetesLimitsValidationTest extends ServiceTestSupport {
  private static final int MIB = KubernetesLimits.MAX_DATA_BYTES;
  private static final String SCANNER = "connectors[invoice-scanner].variables";

  @BeforeEach
  void startService() {
    start();
  }

  /** The expenses request with the invoice scanner's variables given as {@code json}. */
  private static DescriptorRequest scanner(String json) {
    return new DescriptorRequest("expenses", SampleReleases.EXPENSES,
        new Security(Members.users("alice"), null), List.of(ConnectorRequest.custom(
            SampleReleases.INVOICE_SCANNER, SampleReleases.INVOICE_SCANNER_IMAGE, json)), null);
  }

  private static String variable(String name, String value) {
    return "{\"" + name + "\":\"" + value + "\"}";
  }

  private static DescriptorRequest withInfrastructure(Infrastructure infrastructure) {
    return SampleReleases.expensesRequest("expenses").withInfrastructure(infrastructure).build();
  }

  private static Infrastructure env(String service, Map<String, String> env) {
    ServiceSettings settings = new ServiceSettings(null, Map.of(Infrastructure.ENV, env));
    return service == null ? new Infrastructure(settings, null)
        : new Infrastructure(null, Map.of(service, settings));
  }

  /** 100,000 distinct names whose comma-separated list is exactly {@code bytes} long. */
  /** 90,000 names whose JSON array in the security ConfigMap is {@code bytes} long. */
  private static Set<String> namesFilling(int bytes) {
    Set<String> names = new HashSet<>();
    int count = 90_000;
    for (int i = 0; i < count - 1; i++) {
      names.add(String.format("%08d", i));
    }
    int used = "[]".length() + (count - 1) * "\"00000000\",".length() + "\"\"".length();
    names.add("z".repeat(bytes - used));
    return names;
  }

  @Test
  void refusesFiveMegabytesOfConnectorVariablesNamingTheFieldTheLimitAndTheSize() {
    String json = variable("INVOICE_TEMPLATE", "x".repeat(5_000_000));
    ValidationException e = rejectsField(scanner(json), SCANNER);
    assertThat(e).hasMessageContaining("5000000 bytes")
        .hasMessageContaining("ConfigMap 'invoice-scanner-env'")
        .hasMessageContaining("more than 1048576 bytes (1 MiB)")
        .hasMessageContaining("give smaller values")
        .hasMessageNotContaining("xxxxxxxx");
  }

  @Test
  void refusesSecretVariablesThatDoNotFitIntoASecretWithoutShowingThem() {
    String json = variable("SCANNER_API_KEY", "k".repeat(MIB + 1));
    ValidationException e = rejectsField(scanner(json), SCANNER);
    assertThat(e).hasMessageContaining("Secret 'invoice-scanner-secret'")
        .hasMessageContaining((MIB + 1) + " bytes").hasMessageNotContaining("kkkkkkkk");
  }

  @Test
  void acceptsAConfigMapAndASecretOfExactlyOneMebibyteEach() {
    DeploymentDescriptor d = service.createDescriptor(DEVOPS, scanner("{\"TEMPLATE\":\""
        + "x".repeat(MIB) + "\",\"SCANNER_API_KEY\":\"" + "k".repeat(MIB) + "\"}"));
    assertThat(store.descriptors()).extracting(Redaction::masked).containsExactly(d);
  }

  @Test
  void countsBytesOfUtf8NotCharacters() {
    String twoBytes = "\u00e9";
    service.createDescriptor(DEVOPS, scanner(variable("TEMPLATE", twoBytes.repeat(MIB / 2))));
    assertThat(store.descriptors()).hasSize(1);
    store.deleteDescriptor("expenses");
    ValidationException e = rejectsField(scanner(variable("TEMPLATE",
        twoBytes.repeat(MIB / 2) + "x")), SCANNER);
    assertThat(e).hasMessageContaining((MIB + 1) + " bytes");
  }

  @Test
  void refusesAVariableNameLongerThanAConfigMapKeyMayBe() {
    ValidationException e = rejectsField(scanner(variable("A".repeat(254), "x")), SCANNER);
    assertThat(e).hasMessageContaining("254 characters").hasMessageContaining("at most 253")
        .hasMessageContaining("use a shorter variable name");
  }

  @Test
  void acceptsAVariableNameOfExactly253Characters() {
    DeploymentDescriptor d = service.createDescriptor(DEVOPS,
        scanner(variable("A".repeat(253), "x")));
    assertThat(d.connector(SampleReleases.INVOICE_SCANNER).orElseThrow().variables())
        .containsKey("A".repeat(253));
  }

  @Test
  void refusesAnInfrastructureVariableNameLongerThanAConfigMapKeyMayBe() {
    rejectsField(withInfrastructure(env(Catalog.RUNTIME_BUNDLE,
        Map.of("J".repeat(254), "x"))), "infrastructure.services[runtime-bundle].variables[env]");
  }

  @Test
  void refusesServiceVariablesTooLargeForTheirConfigMapNamingTheService() {
    ValidationException e = rejectsField(withInfrastructure(env(Catalog.RUNTIME_BUNDLE,
        Map.of("JAVA_OPTS", "x".repeat(MIB)))),
        "infrastructure.services[runtime-bundle].variables[env]");
    assertThat(e).hasMessageContaining("ConfigMap 'runtime-bundle-env'");
  }

  @Test
  void refusesGlobalVariablesTooLargeForAConfigMapNamingTheGlobalField() {
    ValidationException e = rejectsField(withInfrastructure(env(null,
        Map.of("BANNER", "x".repeat(MIB + 1)))), "infrastructure.global.variables[env]");
    assertThat(e).hasMessageContaining((MIB + 1) + " of them from"
        + " infrastructure.global.variables[env]");
  }

  @Test
  void refusesVariablesTooLongToReadWithoutShowingThem() {
    ValidationException e = rejectsField(scanner("{\"N\":" + "9".repeat(2_000) + "}"), SCANNER);
    assertThat(e).hasMessageContaining("cannot be read").hasMessageNotContaining("99999999");
  }

  @Test
  void refusesMoreAdminsThanTheSecurityConfigMapHolds() {
    DescriptorRequest request = SampleReleases.expensesRequest("expenses")
        .withAdmins(new Members(namesFilling(MIB + 1), Set.of())).build();
    ValidationException e = rejectsField(request, "security.admins");
    assertThat(e).hasMessageContaining("ConfigMap 'security'")
        .hasMessageContaining((MIB + 1 + "[]".length()) + " from admins")
        .hasMessageContaining("give the role to a group");
  }

  @Test
  void refusesMoreUsersThanTheSecurityConfigMapHolds() {
    DescriptorRequest request = SampleReleases.expensesRequest("expenses")
        .withUsers(new Members(Set.of(), namesFilling(MIB + 1))).build();
    rejectsField(request, "security.users");
  }

  @Test
  void acceptsASecurityConfigMapOfExactlyOneMebibyte() {
    DeploymentDescriptor d = service.createDescriptor(DEVOPS, SampleReleases
        .expensesRequest("expenses").withUsers(Members.NONE)
        .withAdmins(new Members(namesFilling(MIB - "[\"ops\"]".length() - "[][]".length()),
            Set.of("ops")))
        .build());
    assertThat(d.security().admins().users()).hasSize(90_000);
  }

  @Test
  void refusesAPermissionChangeTheSecurityConfigMapCannotHoldAndChangesNothing() {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.Running);
    Security before = store.findDescriptor("expenses").orElseThrow().security();
    Security tooMany = new Security(Members.users("alice"),
        new Members(namesFilling(MIB + 1), Set.of()));
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> service.updatePermissions(DEVOPS, "expenses", tooMany));
    assertThat(e.field()).isEqualTo("security.users");
    assertThat(cluster.securityUpdates).isEmpty();
    assertThat(store.findDescriptor("expenses").orElseThrow().security()).isEqualTo(before);
    assertThat(store.findApplication("expenses").orElseThrow().descriptor().security())
        .isEqualTo(before);
  }

  @Test
  void refusesAnImportWhoseSecretsDoNotFitIntoASecret() {
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    String json = service.exportDescriptor(DEVOPS, "expenses");
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> service.importDescriptor(DEVOPS, json, "expenses-copy", Map.of(
            "connectors[email-connector].EMAIL_PASSWORD", "mail-pa55word",
            "connectors[invoice-scanner].SCANNER_API_KEY", "k".repeat(MIB + 1))));
    assertThat(e.field()).isEqualTo(SCANNER);
    assertThat(store.descriptors()).extracting(DeploymentDescriptor::name)
        .containsExactly("expenses");
  }

  @Test
  void acceptsAConnectorWhoseInstanceLabelIsExactly63Characters() {
    String application = "a".repeat(26);
    String connector = "c".repeat(63 - application.length() - 1);
    releases.add(new ReleasedProject(ReleaseRef.of("long", "1"), "long", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", bpmn(connector + ".RUN")))));
    service.createDescriptor(DEVOPS, DescriptorRequest.builder(application,
        ReleaseRef.of("long", "1")).withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom(connector, "acme/long:1", null)).build());
    assertThat(service.plan(DEVOPS, application).service(connector)).isPresent();
  }

  @Test
  void refusesAConnectorWhoseInstanceLabelWouldBe64Characters() {
    String application = "a".repeat(26);
    String connector = "c".repeat(64 - application.length() - 1);
    releases.add(new ReleasedProject(ReleaseRef.of("long", "1"), "long", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", bpmn(connector + ".RUN")))));
    ValidationException e = rejectsField(DescriptorRequest.builder(application,
        ReleaseRef.of("long", "1")).withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom(connector, "acme/long:1", null)).build(),
        "connectors[" + connector + "].name");
    assertThat(e).hasMessageContaining("app.kubernetes.io/instance")
        .hasMessageContaining("64 characters").hasMessageContaining("at most 36 characters");
  }

  @Test
  void runsAConnectorWhoseNameIsNoServiceNameUnderOneThatIs() {
    String connector = "9Lives_Scanner";
    releases.add(new ReleasedProject(ReleaseRef.of("cats", "1"), "cats", true,
        ReleaseContent.ofText(Map.of("processes/p.bpmn20.xml", bpmn(connector + ".SCAN")))));
    service.createDescriptor(DEVOPS, DescriptorRequest.builder("cats", ReleaseRef.of("cats", "1"))
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom(connector, "acme/cats:1", null)).build());
    assertThat(service.plan(DEVOPS, "cats").service("c-9lives-scanner")).isPresent();
    assertThat(KubernetesLimits.isServiceName("c-9lives-scanner")).isTrue();
  }
}
