package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Makes the API server's refusal of a server-side apply say which permission is missing. The API
 * server authorizes an apply as a {@code patch}; when the apply would create the object it asks
 * the authorizer again, for {@code create}, and a refusal of that second question carries no
 * reason at all ({@code namespaces "invoices" is forbidden: }). This names it, in the API
 * server's own words: {@code cannot create resource "namespaces" in API group ""}.
 */
public final class ApplyRefusal {
  private static final String FORBIDDEN = "is forbidden:";

  private ApplyRefusal() {}

  /**
   * {@code failure} with the missing {@code create} permission named when it is that refusal of
   * applying {@code desired}; any other failure as it is.
   */
  public static KubernetesClientException explain(KubernetesClientException failure,
      HasMetadata desired) {
    Status status = failure.getStatus();
    if (failure.getCode() != 403 || status == null || status.getMessage() == null) {
      return failure;
    }
    String message = status.getMessage();
    int at = message.indexOf(FORBIDDEN);
    String reason = at < 0 ? null : message.substring(at + FORBIDDEN.length()).trim();
    if (reason == null || !(reason.isEmpty() || reason.startsWith("RBAC:"))) {
      return failure;
    }
    String resource = HasMetadata.getPlural(desired.getClass());
    String group = Objects.requireNonNullElse(HasMetadata.getGroup(desired.getClass()), "");
    String explained = message.substring(0, at + FORBIDDEN.length()) + " cannot create resource \""
        + resource + "\" in API group \"" + group + "\" (server-side apply creates a missing"
        + " object, which needs the verb create as well as patch)"
        + (reason.isEmpty() ? "" : "; " + reason);
    KubernetesClientException clear = new KubernetesClientException(explained, failure.getCode(),
        new StatusBuilder(status).withMessage(explained).build());
    clear.addSuppressed(failure);
    return clear;
  }
}
