package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void shouldParseABearerChallenge() {
    AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example.com/token\","
        + "service=\"registry.example.com\",scope=\"repository:apps/x:pull\"").orElseThrow();

    assertThat(c.isBearer()).isTrue();
    assertThat(c.parameters()).containsEntry("realm", "https://auth.example.com/token")
        .containsEntry("service", "registry.example.com")
        .containsEntry("scope", "repository:apps/x:pull");
  }

  @Test
  void shouldParseABasicChallengeWhateverItsCase() {
    AuthChallenge c = AuthChallenge.parse("BASIC realm=\"basic-realm\"").orElseThrow();

    assertThat(c.isBasic()).isTrue();
    assertThat(c.parameters()).containsEntry("realm", "basic-realm");
  }

  @Test
  void shouldGiveNothingForAnEmptyHeader() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("  ")).isEmpty();
  }
}
