package io.processdeploy.api.spi;

import io.processdeploy.api.ValidationException;
import java.net.URI;
import java.util.Objects;

/**
 * Where applications answer: the one gateway setting that the cluster target and the Helm export
 * share, so that an exported chart exposes an application exactly where the target would. Each
 * application answers under {@code <baseUrl>/<application>/}; the host of {@code baseUrl} is the
 * Ingress host (none for a base URL that is only a path: any host).
 *
 * <pre>{@code
 * Gateway gateway = Gateway.of(URI.create("https://apps.example.com/"), "nginx");
 * KubernetesClusterTarget.builder().withGateway(gateway);
 * HelmExporter.builder().withGateway(gateway);
 * }</pre>
 *
 * @param baseUrl an absolute http(s) URL with a host, or a path such as {@code /}; it ends with
 *     {@code /}
 * @param ingressClassName the Ingress class, or {@code null} for the cluster's default
 */
public record Gateway(URI baseUrl, String ingressClassName) {
  /** Any host, the cluster's default class, applications right under {@code /}. */
  public static final Gateway ANY_HOST = new Gateway(URI.create("/"), null);

  /**
   * Validates; a base URL not ending with {@code /} gets one, a blank class is none.
   *
   * @throws ValidationException naming {@code baseUrl} when it is neither an http(s) URL with a
   *     host nor a path
   */
  public Gateway {
    Objects.requireNonNull(baseUrl, "baseUrl was not specified");
    String scheme = baseUrl.getScheme();
    boolean url = ("http".equals(scheme) || "https".equals(scheme)) && baseUrl.getHost() != null;
    boolean path = scheme == null && baseUrl.getHost() == null && baseUrl.getPath() != null
        && baseUrl.getPath().startsWith("/");
    if (!url && !path) {
      throw new ValidationException("baseUrl", "'" + baseUrl + "' is neither an http(s) URL with"
          + " a host nor a path; give one like https://apps.example.com/");
    }
    if (!baseUrl.getPath().endsWith("/")) {
      baseUrl = URI.create(baseUrl + "/");
    }
    ingressClassName = ingressClassName == null || ingressClassName.isBlank() ? null
        : ingressClassName;
  }

  /** The gateway of {@code baseUrl} with Ingress class {@code ingressClassName}. */
  public static Gateway of(URI baseUrl, String ingressClassName) {
    return new Gateway(baseUrl, ingressClassName);
  }

  /** The host of the base URL, or {@code null} when it is only a path. */
  public String host() {
    String host = baseUrl.getHost();
    return host == null || host.isEmpty() ? null : host;
  }
}
