package io.processdeploy.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secret canary with registry credentials: images go to the test registry that needs them
 * ({@code PROCESSDEPLOY_AUTH_REGISTRY}), so the application gets an image pull Secret holding
 * the password; the password is then searched for everywhere else, like the other canaries.
 */
class SecretCanaryRegistryIT {
  private static String password;
  private static ChildJvm run;

  @BeforeAll
  static void runCanary() throws Exception {
    String registry = System.getenv("PROCESSDEPLOY_AUTH_REGISTRY");
    if (registry == null || registry.isBlank()) {
      throw new IllegalStateException("PROCESSDEPLOY_AUTH_REGISTRY is not set: start the test"
          + " servers and export their settings (scripts/test-servers.sh start && eval"
          + " \"$(scripts/test-servers.sh env)\"), or run scripts/run-tests.sh");
    }
    password = System.getenv("PROCESSDEPLOY_AUTH_REGISTRY_PASSWORD");
    run = ChildJvm.run(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.io.processdeploy=trace",
        "-D" + CanaryRun.REGISTRY_PROPERTY + "=" + registry,
        "-D" + CanaryRun.REGISTRY_USER_PROPERTY + "="
            + System.getenv("PROCESSDEPLOY_AUTH_REGISTRY_USER"),
        "-D" + CanaryRun.REGISTRY_PASSWORD_PROPERTY + "=" + password));
  }

  @Test
  void shouldKeepTheRegistryPasswordInThePullSecretOnly() {
    assertThat(run.exitCode()).as("exit code; stdout:%n%s%nstderr:%n%s", run.stdout(),
        run.stderr()).isZero();
    String out = run.stdout();
    String dump = out.substring(out.indexOf(CanaryRun.BEGIN), out.indexOf(CanaryRun.END));
    assertThat(dump).contains("status=Running")
        .contains(CanaryRun.SECRET_HOLDS + "registry password true");
    String searched = dump.replace(CanaryRun.SECRET_HOLDS + "registry password true", "");
    for (String canary : List.of(password, CanaryRun.BY_NAME, CanaryRun.DECLARED,
        CanaryRun.DATABASE)) {
      assertThat(searched).as("dump").doesNotContain(canary);
      assertThat(run.stderr()).as("log").doesNotContain(canary);
    }
  }
}
