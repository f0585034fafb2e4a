package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The security ConfigMap format and its checksum, as the Helm chart computes it. */
class SecurityConfigurationTest {
  private final Security security = new Security(new Members(Set.of("bob", "alice"),
      Set.of("ops")), new Members(Set.of(), Set.of("clerks", "auditors")));

  @Test
  void shouldListSortedNamesAsJsonArraysUnderFourKeys() {
    assertThat(SecurityConfiguration.data(security)).containsExactly(
        org.assertj.core.api.Assertions.entry("admins.groups", "[\"ops\"]"),
        org.assertj.core.api.Assertions.entry("admins.users", "[\"alice\",\"bob\"]"),
        org.assertj.core.api.Assertions.entry("users.groups", "[\"auditors\",\"clerks\"]"),
        org.assertj.core.api.Assertions.entry("users.users", "[]"));
  }

  @Test
  void shouldKeepAGroupNamedWithACommaOneGroup() {
    Security injected = new Security(new Members(Set.of("bob"), Set.of("bob,mallory")), null);
    assertThat(SecurityConfiguration.data(injected))
        .containsEntry("admins.groups", "[\"bob,mallory\"]")
        .containsEntry("admins.users", "[\"bob\"]");
  }

  @Test
  void shouldChecksumTheRenderedDataLikeHelmSha256sum() throws Exception {
    String rendered = "admins.groups: \"[\\\"ops\\\"]\"\n"
        + "admins.users: \"[\\\"alice\\\",\\\"bob\\\"]\"\n"
        + "users.groups: \"[\\\"auditors\\\",\\\"clerks\\\"]\"\nusers.users: \"[]\"";
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(rendered.getBytes(StandardCharsets.UTF_8)));
    assertThat(SecurityConfiguration.checksum(security)).isEqualTo(expected);
  }

  @Test
  void shouldChangeTheChecksumWhenMembersChange() {
    Security other = new Security(Members.users("alice"), Members.NONE);
    assertThat(SecurityConfiguration.checksum(other))
        .isNotEqualTo(SecurityConfiguration.checksum(security))
        .isEqualTo(SecurityConfiguration.checksum(new Security(Members.users("alice"), null)));
  }

  @Test
  void shouldQuoteLikeGo() {
    assertThat(SecurityConfiguration.goQuote("a\"b\\c\nd\u0001")).isEqualTo(
        "\"a\\\"b\\\\c\\nd\\x01\"");
    assertThat(SecurityConfiguration.goQuote("bell\u0007 vt\u000b nbsp\u00a0 ls\u2028 \ud83d\ude80 é"))
        .isEqualTo("\"bell\\a vt\\v nbsp\\u00a0 ls\\u2028 \ud83d\ude80 é\"");
  }
}
