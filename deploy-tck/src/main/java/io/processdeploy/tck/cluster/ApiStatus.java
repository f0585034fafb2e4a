package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** Error answers with a Kubernetes {@code Status} body, as a real API server gives them. */
final class ApiStatus {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ApiStatus() {}

  /** An answer with HTTP status {@code code}, the matching reason and {@code message}. */
  static MockResponse failure(int code, String message) {
    String reason = switch (code) {
      case 400 -> "BadRequest";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      default -> code >= 500 ? "InternalError" : "BadRequest";
    };
    String body = JSON.asJson(new StatusBuilder().withNewMetadata().endMetadata()
        .withStatus("Failure").withMessage(message).withReason(reason).withCode(code).build());
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
