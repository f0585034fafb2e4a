package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.Members;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.Manifests;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.helm.support.SamplePlans;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that look like templates, YAML structure, other YAML types, or text no YAML writer likes
 * come out of real Helm as the very same strings: the chart never evaluates a value as a template
 * and the export never lets a value change the structure of a file.
 */
class InjectionTest {
  /** Every hostile value, by the environment variable that carries it. */
  static final Map<String, String> HOSTILE = hostile();

  @TempDir
  Path temp;

  private static Map<String, String> hostile() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("TEMPLATE", "{{ .Release.Name }}");
    v.put("TEMPLATE_FAIL", "{{- fail \"boom\" -}}");
    v.put("TEMPLATE_TPL", "{{ tpl \"{{ .Values }}\" . }}");
    v.put("MULTILINE", "line one\nkey: value\n- item\n  indented: {{ .Chart.Name }}\n");
    v.put("COLON", "key: value");
    v.put("DOCUMENT", "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen\n");
    v.put("QUOTES", "\"double\" and 'single' and `back`");
    v.put("UNICODE", "héllo wörld 日本語 🚀 \u00a0nbsp");
    v.put("SEPARATORS", "line\u2028separator\u2029paragraph\u0085next");
    v.put("CONTROL", "bell\u0007 escape\u001b del\u007f tab\t cr\r\n");
    v.put("HASH", "# not a comment");
    v.put("FLOW", "{a: 1, b: [2, 3]}");
    v.put("ANCHOR", "&anchor *alias !!binary");
    v.put("BACKSLASH", "C:\\temp\\new \\n \\\"");
    v.put("SPACES", "  leading and trailing  ");
    v.put("EMPTY", "");
    v.put("YES", "yes");
    v.put("ON", "on");
    v.put("NULL", "null");
    v.put("TILDE", "~");
    v.put("BOOL", "true");
    v.put("HEX", "0x1F");
    v.put("OCTAL", "012");
    v.put("FLOAT", "1e3");
    v.put("y", "n");
    v.put("Y", "N");
    v.put("TRUE", "FALSE");
    return v;
  }

  @Test
  void shouldRenderEveryHostileValueLiterally() {
    ApplicationPlan plan = hostilePlan();
    Path chart = RealHelm.unzip(new HelmExporter().export(plan,
        new ExportOptions(true, ChartLocation.vendored())).zip(), temp);
    RealHelm.dependencyBuild(chart);
    ExportedChartHelmTest.assertLintClean(RealHelm.lintStrict(chart));

    List<HasMetadata> objects =
        RealHelm.objects(RealHelm.template(chart, plan.name(), plan.namespace()));

    assertThat(Manifests.data(Manifests.find(objects, ConfigMap.class, "evil-connector-env")))
        .isEqualTo(new java.util.TreeMap<>(HOSTILE));
    assertThat(Manifests.decoded(Manifests.find(objects, Secret.class, "evil-connector-secret")))
        .containsEntry("EVIL_PASSWORD", HOSTILE.get("MULTILINE") + HOSTILE.get("TEMPLATE"));
    assertThat(Manifests.kindsAndNames(objects)).doesNotContain("Secret/stolen");
    assertThat(Manifests.data(Manifests.find(objects, ConfigMap.class,
        ResourceNames.SECURITY_CONFIG_MAP)))
        .isEqualTo(ResourceNames.securityData(plan.descriptor().security()))
        .containsEntry("admins.groups", "[\"# ops\",\"bob,mallory\"]");
    assertThat(Manifests.find(objects, Deployment.class, "runtime-bundle").getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(plan.service("runtime-bundle").orElseThrow().image());
  }

  @Test
  void shouldPrintHostileValuesLiterallyInTheNotes() {
    ApplicationPlan plan = hostilePlan();
    Path chart = RealHelm.unzip(new HelmExporter().export(plan, ExportOptions.DEFAULTS).zip(),
        temp);

    String output = new Helm(chart).install().withName(plan.name())
        .withNamespace(plan.namespace()).clientOnly().dryRun().withDryRunOption(DryRun.CLIENT)
        .call().getOutput();

    assertThat(output).contains("release " + plan.descriptor().release().version())
        .contains("of project " + plan.projectName())
        .contains("kubectl create secret generic evil-connector-secret")
        .contains("--from-literal=EVIL_PASSWORD='<value>'");
  }

  private static ApplicationPlan hostilePlan() {
    return hostilePlan(Set.of("nbsp\u00a0and\u2028separator", "bell\u0007"));
  }

  /**
   * A plan full of hostile values; {@code extraAdmins} adds admin user names.
   */
  static ApplicationPlan hostilePlan(Set<String> extraAdmins) {
    String template = HOSTILE.get("TEMPLATE");
    Set<String> admins = new java.util.HashSet<>(
        Set.of(template, "o'brien", "key: value", "ünïcödé", "tab\there", "\"quoted\""));
    admins.addAll(extraAdmins);
    Security security = new Security(new Members(admins, Set.of("# ops", "bob,mallory")),
        new Members(Set.of("\"quoted\""), Set.of("{{ .Values }}", "yes")));
    Map<String, String> secret = Map.of("EVIL_PASSWORD",
        HOSTILE.get("MULTILINE") + HOSTILE.get("TEMPLATE"));
    return SamplePlans.builder("evil").security(security)
        .projectName("Project {{ .Chart.Name }}: \"x\"\n  y: z")
        .releaseVersion("3: {{ .Release.Name }}")
        .service(new ServicePlan("evil-connector", ServiceKind.CONNECTOR,
            "registry.example.com/evil:{{ .Release.Name }}\nfoo: bar", 8080, HOSTILE, secret,
            true, "/{{ .Release.Name }}"))
        .connector("unused", "registry.example.com/x:1", ConnectorKind.CUSTOM, Map.of())
        .build();
  }
}
