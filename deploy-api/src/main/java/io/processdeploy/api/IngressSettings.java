package io.processdeploy.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application's gateway Ingress, beyond what the cluster target's gateway sets: each part
 * absent ({@code null}) keeps the target's setting.
 *
 * <pre>{@code
 * new IngressSettings("nginx", "invoices.example.com", "invoices-tls",
 *     Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "20m"))
 * }</pre>
 *
 * @param className the Ingress class, or {@code null} for the cluster target's
 * @param host the host the Ingress answers, a DNS name, or {@code null} for the host of the
 *     cluster target's base URL
 * @param tlsSecretName the Secret holding the certificate for {@code host} (type
 *     {@code kubernetes.io/tls}, created by the installer), or {@code null} for no TLS section
 * @param annotations annotations of the Ingress, e.g. for the ingress controller, sorted
 */
public record IngressSettings(String className, String host, String tlsSecretName,
    Map<String, String> annotations) {
  /** Nothing set: the cluster target's gateway as it is. */
  public static final IngressSettings NONE = new IngressSettings(null, null, null, Map.of());

  /** Copies and sorts. */
  public IngressSettings {
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations == null ? Map.of()
        : annotations));
  }
}
