package io.processdeploy.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deploys on the testkit's embedded defaults with canary strings as secret values (connector
 * variables secret by name and declared secret, an infrastructure variable declared secret, the
 * external database's password), with the library's loggers at TRACE, and searches everything
 * the library writes or returns for them: the log, events, exception messages, the
 * {@code toString} of every returned object, every non-Secret object of the namespace, the
 * default Helm export and the descriptor document. The registry is the embedded directory
 * registry, which has no credentials.
 */
class SecretCanaryTest {
  private static ChildJvm run;

  @BeforeAll
  static void runCanary() throws Exception {
    run = ChildJvm.run(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.io.processdeploy=trace"));
  }

  private static String dump() {
    String out = run.stdout();
    assertThat(out).contains(CanaryRun.BEGIN).contains(CanaryRun.END);
    return out.substring(out.indexOf(CanaryRun.BEGIN), out.indexOf(CanaryRun.END));
  }

  @Test
  void shouldHaveExercisedEverythingItSearches() {
    assertThat(run.exitCode()).as("exit code; stdout:%n%s%nstderr:%n%s", run.stdout(),
        run.stderr()).isZero();
    String dump = dump();
    assertThat(dump).contains("createDescriptor returned: DeploymentDescriptor[")
        .contains("zip entry canary/values.yaml").contains("\"secretsToSupply\"")
        .contains("awaitStatus returned: Application[").contains("status=Running")
        .contains("cluster object ConfigMap/email-connector-env")
        .contains("cluster object Deployment/runtime-bundle")
        .contains("EMAIL_HOST").contains("SMTP_PASS").contains("DB_PWD")
        .contains("refused request threw: io.processdeploy.api.ValidationException")
        .contains("refused import threw: io.processdeploy.api.ValidationException")
        .contains("event: StatusChanged[");
    assertThat(dump).contains(CanaryRun.SECRET_HOLDS + "canary-by-name true",
        CanaryRun.SECRET_HOLDS + "canary-declared true",
        CanaryRun.SECRET_HOLDS + "canary-declared-env true",
        CanaryRun.SECRET_HOLDS + "canary-database true",
        CanaryRun.SECRET_HOLDS + "scan-k3y true");
    String configMap = section(dump, "cluster object ConfigMap/email-connector-env:");
    assertThat(configMap).contains("EMAIL_HOST").doesNotContain("SMTP_PASS")
        .doesNotContain("EMAIL_PASSWORD");
    assertThat(section(dump, "cluster object ConfigMap/runtime-bundle-env:")).contains("TZ")
        .doesNotContain("DB_PWD").doesNotContain("SPRING_DATASOURCE_PASSWORD");
    assertThat(run.stderr()).as("the library logs at TRACE")
        .contains("io.processdeploy").contains("DEBUG");
  }

  /** The part of the dump from {@code start} to the next cluster object. */
  private static String section(String dump, String start) {
    int from = dump.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    int to = dump.indexOf("cluster object ", from + start.length());
    return dump.substring(from, to < 0 ? dump.length() : to);
  }

  @Test
  void shouldFindNoCanaryInTheLogEventsMessagesObjectsExportsOrDocument() {
    for (String canary : CanaryRun.CANARIES) {
      assertThat(dump()).as("dump").doesNotContain(canary);
      assertThat(run.stderr()).as("log").doesNotContain(canary);
    }
  }
}
