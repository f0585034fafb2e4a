package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {
  @Test
  void shouldTurnScalarsIntoText() {
    assertThat(Variables.parse("v", "{\"A\":\"x\",\"B\":8050,\"C\":true,\"D\":2.50,\"E\":1e3,"
        + "\"F\":-7,\"G\":\"\"}")).containsExactly(Map.entry("A", "x"), Map.entry("B", "8050"),
        Map.entry("C", "true"), Map.entry("D", "2.50"), Map.entry("E", "1000"),
        Map.entry("F", "-7"), Map.entry("G", ""));
  }

  @Test
  void shouldReadNothingFromNothing() {
    assertThat(Variables.parse("v", null)).isEmpty();
    assertThat(Variables.parse("v", "  ")).isEmpty();
    assertThat(Variables.parse("v", "{}")).isEmpty();
  }

  @Test
  void shouldSayWhereTheJsonBreaksWithoutQuotingIt() {
    assertThatThrownBy(() -> Variables.parse("connectors[x].variables",
        "{\n  \"PASSWORD\": 'very-secret'\n}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("connectors[x].variables: is not valid JSON at line 2, column 15")
        .hasMessageNotContaining("very-secret");
  }

  @Test
  void refusesTextAfterTheObject() {
    assertThatThrownBy(() -> Variables.parse("v", "{\"A\":1} {\"B\":2}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("text after the JSON object");
  }
}
