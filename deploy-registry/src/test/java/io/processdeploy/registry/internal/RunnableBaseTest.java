package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.StepFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnableBaseTest {
  private static byte[] config(String runConfig) {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{" + runConfig + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void acceptsABaseWithAnEntrypointOrACommand() {
    assertThatCode(() -> RunnableBase.requireConfig("r/base:1",
        config("\"Entrypoint\":[\"/run.sh\"]"))).doesNotThrowAnyException();
    assertThatCode(() -> RunnableBase.requireConfig("r/base:1",
        config("\"Cmd\":[\"serve\"]"))).doesNotThrowAnyException();
  }

  @Test
  void refusesABaseWithNeitherNamingItAndSayingWhatToGive() {
    assertThatThrownBy(() -> RunnableBase.requireConfig("127.0.0.1:5000/os/plain:1",
        config("\"Entrypoint\":null,\"Cmd\":[],\"User\":\"app\"")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("base image 127.0.0.1:5000/os/plain:1 has neither an entrypoint"
            + " nor a command")
        .hasMessageContaining("runtime-bundle")
        .matches(e -> !((StepFailedException) e).isRetryable());
    assertThatThrownBy(() -> RunnableBase.require("b", List.of(), null))
        .isInstanceOf(StepFailedException.class);
  }

  @Test
  void refusesScratch() {
    assertThatThrownBy(() -> RunnableBase.requireNotScratch(" scratch "))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("base image  scratch  is empty")
        .hasMessageContaining("runtime-bundle");
    assertThatCode(() -> RunnableBase.requireNotScratch("127.0.0.1:5000/scratchpad:1"))
        .doesNotThrowAnyException();
  }
}
