package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The limits of a real API server, checked on plans, and the field each refusal names. */
class PlanLimitsTest {
  private static final int MIB = KubernetesLimits.MAX_DATA_BYTES;
  private static final String IMAGE = "registry.test:5000/apps/scans:1";

  private static ApplicationPlan plan(Map<String, String> connectorVariables,
      Map<String, String> globalEnv) {
    Infrastructure infra = new Infrastructure(new ServiceSettings(null,
        Map.of(Infrastructure.ENV, globalEnv)), Map.of(Catalog.POSTGRESQL, new ServiceSettings(
            null, Map.of(Infrastructure.POSTGRESQL, Map.of("password", "pw")))));
    DeploymentDescriptor descriptor = new DeploymentDescriptor("scans", ReleaseRef.of("scans", "1"),
        new Security(Members.users("alice"), null), List.of(new ConnectorConfig("Scanner_2",
            ImageReference.parse("acme/scanner:1"), ConnectorKind.CUSTOM, connectorVariables)),
        infra, Instant.EPOCH, "dana");
    ReleaseAnalysis release = new ReleaseAnalysis("scans",
        new TreeMap<>(Map.of("Scanner_2", new TreeSet<>(List.of("scan")))), new TreeSet<>(),
        false, false);
    return new PlanFactory(Catalog.defaults()).plan(descriptor, release, IMAGE);
  }

  private static ApplicationPlan withService(ApplicationPlan plan, ServicePlan extra) {
    List<ServicePlan> services = new ArrayList<>(plan.services());
    services.add(extra);
    return new ApplicationPlan(plan.name(), plan.namespace(), plan.descriptor(),
        plan.projectName(), services);
  }

  private static ServicePlan ui(String name) {
    return new ServicePlan(name, ServiceKind.UI, IMAGE, 8080, Map.of(), Map.of(), false, null);
  }

  private static ValidationException refused(ApplicationPlan plan) {
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> PlanLimits.check(plan));
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  @Test
  void acceptsAPlanWithinEveryLimit() {
    assertThatCode(() -> PlanLimits.check(plan(Map.of("DPI", "300"), Map.of())))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAServiceNameThatIsNoRfc1035Label() {
    for (String name : List.of("9lives", "Upper", "with_underscore", "trailing-", "s".repeat(64))) {
      ValidationException e = refused(withService(plan(Map.of(), Map.of()), ui(name)));
      assertThat(e.field()).isEqualTo("name");
      assertThat(e).hasMessageContaining("'" + name + "'")
          .hasMessageContaining(KubernetesLimits.SERVICE_NAME_RULE);
    }
  }

  @Test
  void refusesALabelValueTooLongNamingTheApplication() {
    ServicePlan scanner = plan(Map.of(), Map.of()).service("scanner-2").orElseThrow();
    assertThat(scanner.kind()).isEqualTo(ServiceKind.CONNECTOR);
    ValidationException e = refused(new ApplicationPlan("a".repeat(26), "a".repeat(26),
        plan(Map.of(), Map.of()).descriptor(), "scans", List.of(scanner,
            ui("x".repeat(50)))));
    assertThat(e.field()).isEqualTo("name");
    assertThat(e).hasMessageContaining("app.kubernetes.io/instance")
        .hasMessageContaining("of 77 characters").hasMessageContaining("shorter application name");
  }

  @Test
  void namesTheFieldThatGivesMostOfAConfigMapThatIsTooLarge() {
    ValidationException connector = refused(plan(Map.of("TEMPLATE", "x".repeat(MIB / 2 + 10)),
        Map.of("BANNER", "y".repeat(MIB / 2))));
    assertThat(connector.field()).isEqualTo("connectors[Scanner_2].variables");
    assertThat(connector).hasMessageContaining("ConfigMap 'scanner-2-env'")
        .hasMessageContaining((MIB + 10) + " bytes");

    ValidationException global = refused(plan(Map.of("TEMPLATE", "x".repeat(MIB / 2)),
        Map.of("BANNER", "y".repeat(MIB / 2 + 10))));
    assertThat(global.field()).isEqualTo("infrastructure.global.variables[env]");
  }

  @Test
  void countsAGlobalVariableAConnectorOverridesForTheConnector() {
    ValidationException e = refused(plan(Map.of("BANNER", "x".repeat(MIB + 1)),
        Map.of("BANNER", "y".repeat(MIB / 2))));
    assertThat(e.field()).isEqualTo("connectors[Scanner_2].variables");
    assertThat(e).hasMessageContaining((MIB + 1) + " bytes")
        .hasMessageNotContaining("of them from");
  }

  @Test
  void refusesAKeyThatNoConfigMapMayHave() {
    ValidationException e = refused(plan(Map.of("K".repeat(254), "v"), Map.of()));
    assertThat(e.field()).isEqualTo("connectors[Scanner_2].variables");
    assertThat(e).hasMessageContaining(KubernetesLimits.DATA_KEY_RULE);
  }

  @Test
  void refusesSecurityThatNoConfigMapHolds() {
    String filling = "g".repeat(MIB - "[\"\"]".length() - "[][][]".length());
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> PlanLimits.checkSecurity(new Security(Members.groups(filling),
            Members.users("alice"))));
    assertThat(e.field()).isEqualTo("security.admins");
    assertThatCode(() -> PlanLimits.checkSecurity(new Security(Members.groups(filling),
        Members.NONE))).doesNotThrowAnyException();
  }
}
