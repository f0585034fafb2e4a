package io.processdeploy.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM whose tests used the JUnit extension ({@code @DeploymentTest}: deployed the sample to
 * Running) ends by itself soon after the JUnit Platform launcher returns: no non-daemon thread is
 * left, and nothing printed a stack trace, the embedded server's netty loggers included.
 */
class TestkitExtensionShutdownTest {

  @Test
  void shouldLetTheJvmEndByItselfAfterTheExtensionClosesItsEnvironment() throws Exception {
    ChildJvm run = ChildJvm.run(ExtensionRun.class, ExtensionRun.LAUNCHER_RETURNED,
        List.of("-Dorg.slf4j.simpleLogger.log.io.netty=info"));

    assertThat(run.stdout()).as("stdout; stderr:%n%s", run.stderr())
        .contains(ExtensionRun.SUCCEEDED + "1 of 1")
        .doesNotContain(ExtensionRun.FAILED)
        .contains(CanaryRun.THREADS_LEFT + "[]")
        .contains(ExtensionRun.END);
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
    assertThat(run.exitMillisAfterClose()).as("ms from the launcher's return to exit")
        .isBetween(0L, 10_000L);
    assertThat(run.stderr()).as("stderr").doesNotContain("\tat ")
        .doesNotContain("Exception");
  }
}
