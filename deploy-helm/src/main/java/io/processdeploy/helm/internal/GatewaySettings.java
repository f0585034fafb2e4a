package io.processdeploy.helm.internal;

import io.processdeploy.api.ResourceNames;
import java.net.URI;
import java.util.Objects;

/**
 * Where the gateway Ingress answers, as the cluster target configures it: the host of a base URL
 * (empty for any host), the path of that URL as a prefix before each application's name, and an
 * ingress class.
 *
 * @param host the host, or empty
 * @param ingressClassName the ingress class, or empty for the cluster default
 * @param basePath the path prefix before the application name, {@code /} or {@code /apps}…
 */
public record GatewaySettings(String host, String ingressClassName, String basePath) {
  /** Any host, the default ingress class, applications right under {@code /}. */
  public static final GatewaySettings DEFAULTS = new GatewaySettings("", "", "/");

  /** Replaces nulls with empty values. */
  public GatewaySettings {
    host = Objects.requireNonNullElse(host, "");
    ingressClassName = Objects.requireNonNullElse(ingressClassName, "");
    basePath = Objects.requireNonNullElse(basePath, "/");
  }

  /** The settings of a gateway base URL such as {@code https://apps.example.com/}. */
  public static GatewaySettings of(URI baseUrl, String ingressClassName) {
    Objects.requireNonNull(baseUrl, "baseUrl was not specified");
    return new GatewaySettings(baseUrl.getHost(), ingressClassName, baseUrl.getPath());
  }

  /**
   * The path of a service of an application: base path, application name, service path, e.g.
   * {@code /apps/invoices/rb}.
   */
  public String path(String application, String ingressPath) {
    return ResourceNames.gatewayPath(basePath, application, ingressPath);
  }
}
