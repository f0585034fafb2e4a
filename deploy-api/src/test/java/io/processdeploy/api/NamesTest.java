package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "invoices", "a1", "my-app-2", "x-y", "abcdefghijklmnopqrstuvwxyz",
      "a12345678901234567890123-z"})
  void acceptsValidApplicationNames(String name) {
    assertThat(Names.requireApplicationName("name", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1app", "-app", "app-", "App", "my_app", "my.app", "my app", "ä",
      "abcdefghijklmnopqrstuvwxyz1"})
  void rejectsInvalidApplicationNamesNamingTheField(String name) {
    assertThatThrownBy(() -> Names.requireApplicationName("descriptor.name", name))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("descriptor.name: '" + name + "'")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("descriptor.name"));
  }

  @Test
  void shouldSayHowLongANameMayBe() {
    assertThat(Names.MAX_APPLICATION_NAME).isEqualTo(26);
    assertThatThrownBy(() -> Names.requireApplicationName("name", "a".repeat(27)))
        .hasMessageContaining("27 characters").hasMessageContaining("at most 26");
    assertThatThrownBy(() -> Names.requireApplicationName("name", ""))
        .hasMessageContaining("is required");
    assertThatThrownBy(() -> Names.requireApplicationName("name", null))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void shouldTellEnvironmentVariableNames() {
    assertThat(Names.isEnvironmentVariable("EMAIL_HOST")).isTrue();
    assertThat(Names.isEnvironmentVariable("_x1")).isTrue();
    assertThat(Names.isEnvironmentVariable("lower_case")).isTrue();
    assertThat(Names.isEnvironmentVariable("1X")).isFalse();
    assertThat(Names.isEnvironmentVariable("EMAIL-HOST")).isFalse();
    assertThat(Names.isEnvironmentVariable("A.B")).isFalse();
    assertThat(Names.isEnvironmentVariable("")).isFalse();
    assertThat(Names.isEnvironmentVariable(null)).isFalse();
  }
}
