package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules that keep inputs from changing the meaning of what the library writes. */
class InputRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"default", "kube-system", "kube-public", "kube-node-lease", "kube-x",
      "openshift-apps"})
  void refusesNamespacesKubernetesUses(String name) {
    assertThatThrownBy(() -> Names.requireApplicationName("name", name))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("namespace Kubernetes uses")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("name"));
  }

  @Test
  void acceptsNamesThatOnlyLookReserved() {
    for (String name : List.of("defaults", "kube", "my-kube-system", "openshift")) {
      assertThat(Names.requireApplicationName("name", name)).isEqualTo(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob,mallory", "bob\nmallory", "a=b", " alice", "alice ", "tab\tbed",
      "nul\u0000", "del\u007f", "nel\u0085", "ls\u2028", "ps\u2029", "lone\ud800", "cr\r"})
  void refusesMemberNamesThatCouldSplitALine(String name) {
    assertThatThrownBy(() -> Names.requireMemberName("security.admins.users[2]", name))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field())
            .isEqualTo("security.admins.users[2]"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "Dana O'Neil", "ops@example.com", "émile", "grp:admins",
      "<b>&co", "\ud83d\ude80rocket"})
  void acceptsOrdinaryMemberNames(String name) {
    assertThat(Names.requireMemberName("f", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../../x", "1.0.0\n", ".hidden", "-1", "1 0", "1/0", "v1:latest",
      "1.0\u0000", "é1"})
  void refusesVersionsThatAreNotPlainDirectoryNames(String version) {
    assertThatThrownBy(() -> Names.requireReleaseVersion("release.version", version))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field())
            .isEqualTo("release.version"));
  }

  @Test
  void acceptsPlainVersionsUpToAnImageTagsLength() {
    for (String v : List.of("1", "1.0.0", "2.0-rc.1", "1.0.0+build.5", "v3_1", "a".repeat(128))) {
      assertThat(Names.requireReleaseVersion("v", v)).isEqualTo(v);
    }
    assertThatThrownBy(() -> Names.requireReleaseVersion("v", "a".repeat(129)))
        .hasMessageContaining("129 characters");
    assertThatThrownBy(() -> Names.requireReleaseVersion("v", null))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void findsCharactersYamlCannotCarry() {
    assertThat(Names.unsafeCharacter("plain\ttext\r\nwith é and \ud83d\ude80 and \u0085"))
        .isEqualTo(-1);
    assertThat(Names.unsafeCharacter("ab\u0000")).isEqualTo(2);
    assertThat(Names.unsafeCharacter("\u0001")).isZero();
    assertThat(Names.unsafeCharacter("x\u007f")).isEqualTo(1);
    assertThat(Names.unsafeCharacter("x\u0090")).isEqualTo(1);
    assertThat(Names.unsafeCharacter("x\udc00y")).isEqualTo(1);
    assertThat(Names.unsafeCharacter("x\uffff")).isEqualTo(1);
  }

  @Test
  void writesTheSecurityListsAsGoWritesJson() {
    Security security = new Security(new Members(Set.of("bob", "alice"), Set.of("bob,mallory")),
        new Members(Set.of("<x>&\"q\"\\", "a\u2028b\u2029", "\b\f\n\r\t\u0001\u001f\u007f"),
            Set.of()));

    assertThat(ResourceNames.securityData(security)).containsExactly(
        org.assertj.core.api.Assertions.entry("admins.groups", "[\"bob,mallory\"]"),
        org.assertj.core.api.Assertions.entry("admins.users", "[\"alice\",\"bob\"]"),
        org.assertj.core.api.Assertions.entry("users.groups", "[]"),
        org.assertj.core.api.Assertions.entry("users.users",
            "[\"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\",\"\\u003cx\\u003e\\u0026\\\"q\\\"\\\\\","
                + "\"a\\u2028b\\u2029\"]"));
  }

  @Test
  void writesNonAsciiAsItIsAndLoneSurrogatesAsTheReplacementCharacter() {
    assertThat(GoJson.array(List.of("émile \ud83d\ude80", "x\ud800y")))
        .isEqualTo("[\"émile \ud83d\ude80\",\"x\\ufffdy\"]");
  }

  @Test
  void refusesReleasePathsWithControlCharacters() {
    for (String path : List.of("processes/a\u0000.xml", "ui/x\n.json", "a\u2028b")) {
      assertThatThrownBy(() -> ReleaseContent.checkPath(path))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("control characters");
    }
    assertThat(ReleaseContent.checkPath("processes/été.bpmn20.xml"))
        .isEqualTo("processes/été.bpmn20.xml");
  }
}
