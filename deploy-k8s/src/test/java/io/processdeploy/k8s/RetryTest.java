package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.k8s.internal.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which API errors are tried again, how often, and what the failure then says. */
class RetryTest {
  private final Retry retry = new Retry(4, Duration.ofMillis(1), Duration.ofMillis(4));

  @Test
  void shouldTryAgainAfterConflictThrottlingAndServerErrors() {
    for (int code : new int[] {409, 429, 500, 503}) {
      AtomicInteger calls = new AtomicInteger();
      String result = retry.call("creating ConfigMap a/b", () -> {
        if (calls.incrementAndGet() < 3) {
          throw error(code);
        }
        return "done";
      });
      assertThat(result).isEqualTo("done");
      assertThat(calls).as("calls after %d", code).hasValue(3);
    }
  }

  @Test
  void shouldTryAgainWhenTheConnectionFails() {
    AtomicInteger calls = new AtomicInteger();
    retry.run("reading namespace a", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new KubernetesClientException("connection reset", new IOException("reset"));
      }
    });
    assertThat(calls).hasValue(2);
  }

  @Test
  void shouldStopAfterTheLastAttemptWithARetryableFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retry.run("creating Deployment a/b", () -> {
      calls.incrementAndGet();
      throw error(500);
    })).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).isEqualTo("creating Deployment a/b failed after 4 attempts:"
          + " HTTP 500 InternalError: boom");
    });
    assertThat(calls).hasValue(4);
  }

  @Test
  void shouldFailAtOnceOnOtherErrors() {
    for (int code : new int[] {400, 403, 404, 422}) {
      AtomicInteger calls = new AtomicInteger();
      assertThatThrownBy(() -> retry.run("creating Secret a/b", () -> {
        calls.incrementAndGet();
        throw error(code);
      })).isInstanceOfSatisfying(StepFailedException.class,
          e -> assertThat(e.isRetryable()).isFalse());
      assertThat(calls).as("calls after %d", code).hasValue(1);
    }
  }

  private static KubernetesClientException error(int code) {
    String reason = code >= 500 ? "InternalError" : "Conflict";
    return new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason)
        .withMessage("boom").build());
  }
}
