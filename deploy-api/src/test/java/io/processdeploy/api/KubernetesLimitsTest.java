package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API server's rules, at and just past each limit, and the constants that must meet them. */
class KubernetesLimitsTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "a", "A", "9", "a.b_c-D", "1.0.0", "abc-xyz"})
  void acceptsLabelValues(String value) {
    assertThat(KubernetesLimits.isLabelValue(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a", "a-", "_a", "a.", "a b", "a/b", "\u00e9t\u00e9", "a:b"})
  void refusesLabelValues(String value) {
    assertThat(KubernetesLimits.isLabelValue(value)).isFalse();
  }

  @Test
  void acceptsLabelValuesOfAtMost63Characters() {
    assertThat(KubernetesLimits.isLabelValue("a".repeat(63))).isTrue();
    assertThat(KubernetesLimits.isLabelValue("a".repeat(64))).isFalse();
    assertThat(KubernetesLimits.isLabelValue(null)).isFalse();
  }

  @Test
  void tellsServiceNamesFromDnsLabels() {
    assertThat(KubernetesLimits.isServiceName("runtime-bundle")).isTrue();
    assertThat(KubernetesLimits.isServiceName("a".repeat(63))).isTrue();
    assertThat(KubernetesLimits.isServiceName("a".repeat(64))).isFalse();
    assertThat(KubernetesLimits.isServiceName("9lives")).isFalse();
    assertThat(KubernetesLimits.isDnsLabel("9lives")).isTrue();
    for (String name : List.of("", "-a", "a-", "A", "a_b", "a.b")) {
      assertThat(KubernetesLimits.isServiceName(name)).as(name).isFalse();
      assertThat(KubernetesLimits.isDnsLabel(name)).as(name).isFalse();
    }
    assertThat(KubernetesLimits.isDnsLabel("a".repeat(63))).isTrue();
    assertThat(KubernetesLimits.isDnsLabel("a".repeat(64))).isFalse();
  }

  @Test
  void acceptsDnsSubdomainsOfAtMost253Characters() {
    assertThat(KubernetesLimits.isDnsSubdomain("runtime-bundle-env")).isTrue();
    assertThat(KubernetesLimits.isDnsSubdomain("a.b-c.d")).isTrue();
    String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
    assertThat(longest).hasSize(253);
    assertThat(KubernetesLimits.isDnsSubdomain(longest)).isTrue();
    assertThat(KubernetesLimits.isDnsSubdomain(longest + "a")).isFalse();
    for (String name : List.of("", "a..b", ".a", "a.", "A", "a_b", "a.-b")) {
      assertThat(KubernetesLimits.isDnsSubdomain(name)).as(name).isFalse();
    }
  }

  @Test
  void acceptsDataKeysOfAtMost253Characters() {
    for (String key : List.of("EMAIL_HOST", "admins.groups", "a-b", "9", ".a", "a..b")) {
      assertThat(KubernetesLimits.isDataKey(key)).as(key).isTrue();
    }
    for (String key : List.of("", ".", "..", "..a", "a b", "a/b", "a=b", "\u00e9")) {
      assertThat(KubernetesLimits.isDataKey(key)).as(key).isFalse();
    }
    assertThat(KubernetesLimits.isDataKey("K".repeat(253))).isTrue();
    assertThat(KubernetesLimits.isDataKey("K".repeat(254))).isFalse();
  }

  @Test
  void tellsPortNames() {
    for (String name : List.of("http", "a", "h2c", "metrics-9090", "a".repeat(15))) {
      assertThat(KubernetesLimits.isPortName(name)).as(name).isTrue();
    }
    for (String name : List.of("", "8080", "-http", "http-", "ht--tp", "HTTP", "http_2",
        "a".repeat(16))) {
      assertThat(KubernetesLimits.isPortName(name)).as(name).isFalse();
    }
  }

  @Test
  void countsTheUtf8BytesOfValuesButNotTheKeys() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("A_VERY_LONG_NAME_THAT_DOES_NOT_COUNT", "abc");
    data.put("B", "\u00e9");
    data.put("C", "\u20ac");
    data.put("D", "\ud83d\ude80");
    data.put("E", "");
    assertThat(KubernetesLimits.dataSize(data)).isEqualTo(3 + 2 + 3 + 4);
    assertThat(KubernetesLimits.MAX_DATA_BYTES).isEqualTo(1_048_576);
  }

  @Test
  void namesEveryFixedObjectKeyAndPortAsTheServerRequires() {
    assertThat(KubernetesLimits.isPortName(ResourceNames.PORT_NAME)).isTrue();
    for (String name : List.of(ResourceNames.SERVICE_ACCOUNT, ResourceNames.SECURITY_CONFIG_MAP,
        ResourceNames.GATEWAY_INGRESS)) {
      assertThat(KubernetesLimits.isDnsSubdomain(name)).as(name).isTrue();
    }
    assertThat(ResourceNames.securityData(new Security(Members.users("alice"), null)).keySet())
        .allSatisfy(key -> assertThat(KubernetesLimits.isDataKey(key)).as(key).isTrue());
    assertThat(KubernetesLimits.isLabelValue(ResourceNames.MANAGED_BY)).isTrue();
  }

  @Test
  void makesValidLabelsAndNamesFromEveryValidApplicationName() {
    String longest = "a" + "1".repeat(Names.MAX_APPLICATION_NAME - 2) + "z";
    for (String app : List.of("a", longest)) {
      Names.requireApplicationName("name", app);
      assertThat(KubernetesLimits.isDnsLabel(ResourceNames.namespace(app))).isTrue();
      assertThat(ResourceNames.applicationLabels(app).values())
          .allSatisfy(v -> assertThat(KubernetesLimits.isLabelValue(v)).as(v).isTrue());
      for (ServiceKind kind : ServiceKind.values()) {
        ServicePlan service = new ServicePlan("svc", kind, "image:1", 8080, null, null, false,
            null);
        assertThat(ResourceNames.serviceLabels(app, service).values())
            .allSatisfy(v -> assertThat(KubernetesLimits.isLabelValue(v)).as(v).isTrue());
      }
    }
  }
}
