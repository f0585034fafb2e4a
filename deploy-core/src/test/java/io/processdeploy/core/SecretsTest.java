package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.tck.release.SampleReleases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secret values never show in logs, events, exception messages, or toString. */
class SecretsTest extends ServiceTestSupport {
  private static final List<String> SECRETS = List.of("mail-pa55word", "scan-k3y-0042");
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    start();
  }

  @AfterEach
  void restoreLog() {
    System.setErr(originalErr);
  }

  private void assertNoSecretAnywhere(String... more) {
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the log").isNotEmpty();
    List<String> secrets = new java.util.ArrayList<>(SECRETS);
    secrets.addAll(List.of(more));
    for (String secret : secrets) {
      assertThat(logged).as("the log").doesNotContain(secret);
      assertThat(events).noneSatisfy(e -> assertThat(e.toString()).contains(secret));
      store.applications().forEach(a -> assertThat(a.toString()).doesNotContain(secret));
      store.descriptors().forEach(d -> assertThat(d.toString()).doesNotContain(secret));
    }
  }

  @Test
  void shouldKeepSecretsOutOfLogsAndEventsWhenAStepFailsUnexpectedly() {
    builder.failure = new IllegalStateException("cannot log in with mail-pa55word",
        new RuntimeException("key scan-k3y-0042 refused"));
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.ImageBuildFailed);
    waitUntil("the failure is logged", () -> log.toString(StandardCharsets.UTF_8)
        .contains("key ****** refused"));
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("IllegalStateException")
        .contains("cannot log in with ******").contains("key ****** refused");
    assertNoSecretAnywhere();
  }

  @Test
  void shouldKeepSecretsOutOfLogsEventsAndReasonsOfAStepFailure() {
    registry.failure = new StepFailedException("push refused for token scan-k3y-0042");
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    assertThat(awaitStatus("expenses", ApplicationStatus.ImagePushFailed).reason())
        .isEqualTo("push refused for token ******");
    assertNoSecretAnywhere();
  }

  @Test
  void shouldKeepSecretsOutOfAHappyDeploymentAndItsPlan() {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.Running);
    String dbPassword = store.findDescriptor("expenses").orElseThrow().infrastructure()
        .service("postgresql").group("postgresql-service").get("password");
    assertThat(service.plan(DEVOPS, "expenses").toString()).doesNotContain(dbPassword)
        .doesNotContain("mail-pa55word");
    assertNoSecretAnywhere(dbPassword);
  }

  @Test
  void shouldKeepSecretsOutOfValidationMessages() {
    DescriptorRequest request = new DescriptorRequest("expenses", SampleReleases.EXPENSES,
        SampleReleases.expensesRequest("x").build().security(), List.of(
            ConnectorRequest.custom("invoice-scanner", SampleReleases.INVOICE_SCANNER_IMAGE,
                "{\"SCANNER_API_KEY\": scan-k3y-0042}")), null);
    assertThatThrownBy(() -> service.deployRelease(DEVOPS, request))
        .isInstanceOf(ValidationException.class).hasMessageNotContaining("scan-k3y-0042");
    assertThat(request.toString()).doesNotContain("scan-k3y-0042");
  }
}
