package io.processdeploy.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM that used the testkit (deployed, undeployed, closed the environment) ends by itself soon
 * after the close: no non-daemon thread is left, and nothing printed a stack trace, the embedded
 * server's netty loggers included (the test resources silence them; this JVM does not).
 */
class TestkitShutdownTest {

  @Test
  void shouldLetTheJvmEndByItselfAfterTheEnvironmentCloses() throws Exception {
    ChildJvm run = ChildJvm.run(List.of("-Dorg.slf4j.simpleLogger.log.io.netty=info"),
        "shutdown");
    assertThat(run.stdout()).as("stdout").contains(CanaryRun.CLOSED)
        .contains(CanaryRun.THREADS_LEFT + "[]");
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
    assertThat(run.exitMillisAfterClose()).as("ms from close to exit").isBetween(0L, 10_000L);
    assertThat(run.stderr()).as("stderr").doesNotContain("\tat ")
        .doesNotContain("Exception");
  }
}
