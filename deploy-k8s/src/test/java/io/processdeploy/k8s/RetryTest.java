package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.StepFailedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processdeploy.core.metrics.MicrometerMetrics;
import io.processdeploy.k8s.internal.Retry;
import io.processdeploy.k8s.internal.Retry.Operation;
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
      String result = retry.call(Operation.APPLY, "creating ConfigMap a/b", () -> {
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
    retry.run(Operation.READ, "reading namespace a", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new KubernetesClientException("connection reset", new IOException("reset"));
      }
    });
    assertThat(calls).hasValue(2);
  }

  @Test
  void shouldStopAfterTheLastAttemptWithARetryableFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retry.run(Operation.APPLY, "creating Deployment a/b", () -> {
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
      assertThatThrownBy(() -> retry.run(Operation.APPLY, "creating Secret a/b", () -> {
        calls.incrementAndGet();
        throw error(code);
      })).isInstanceOfSatisfying(StepFailedException.class,
          e -> assertThat(e.isRetryable()).isFalse());
      assertThat(calls).as("calls after %d", code).hasValue(1);
    }
  }

  @Test
  void shouldCountEachCallTriedAgainUnderItsOperation() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Retry counting = retry.withMetrics(MicrometerMetrics.of(registry));
    AtomicInteger calls = new AtomicInteger();
    counting.run(Operation.APPLY, "creating ConfigMap a/b", () -> {
      if (calls.incrementAndGet() < 3) {
        throw error(409);
      }
    });
    assertThatThrownBy(() -> counting.run(Operation.DELETE, "deleting namespace a", () -> {
      throw error(503);
    })).isInstanceOf(StepFailedException.class);
    assertThatThrownBy(() -> counting.run(Operation.READ, "reading namespace a", () -> {
      throw error(403);
    })).isInstanceOf(StepFailedException.class);

    assertThat(registry.get(MicrometerMetrics.API_RETRIES).tag("operation", "apply").counter()
        .count()).as("two failures, then success").isEqualTo(2);
    assertThat(registry.get(MicrometerMetrics.API_RETRIES).tag("operation", "delete").counter()
        .count()).as("four attempts: three tried again").isEqualTo(3);
    assertThat(registry.find(MicrometerMetrics.API_RETRIES).tag("operation", "read").counter())
        .as("a refusal is not tried again").isNull();
  }

  private static KubernetesClientException error(int code) {
    String reason = code >= 500 ? "InternalError" : "Conflict";
    return new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason)
        .withMessage("boom").build());
  }
}
