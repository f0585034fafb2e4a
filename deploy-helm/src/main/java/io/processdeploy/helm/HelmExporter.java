package io.processdeploy.helm;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.DescriptorExporter;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.helm.internal.ChartAssembler;
import io.processdeploy.helm.internal.DeterministicZip;
import io.processdeploy.helm.internal.ExportChecks;
import io.processdeploy.helm.internal.GatewaySettings;
import java.net.URI;
import java.util.Objects;

/**
 * Exports an application as a Helm chart in a zip: a folder named after the application holding
 * {@code Chart.yaml}, {@code requirements.yaml} (the application chart, and the service chart
 * once per service under the service's name, connectors included), {@code values.yaml} (what is
 * specific to this application: images by digest, security, variables, database), a README and
 * NOTES that say how to supply secrets, and by default a copy of the charts it depends on, so that
 * {@code helm install} works offline.
 *
 * <p>The chart renders the same Kubernetes objects as the cluster target creates from the same
 * {@link ApplicationPlan}. The gateway is the one of {@link ExportOptions#gateway()} when given
 * (the deployment service gives its cluster target's), else the one this exporter was built
 * with. Secret values are left out unless {@link ExportOptions#includeSecrets()}
 * asks for them. The same plan and options always give the same bytes.
 *
 * <pre>{@code
 * DescriptorExporter exporter = new HelmExporter();
 * ExportedChart chart = exporter.export(plan, ExportOptions.DEFAULTS);
 * Files.write(Path.of(chart.fileName()), chart.zip());
 * // unzip invoices-helm.zip && helm install invoices ./invoices --namespace invoices
 *
 * // with the gateway the cluster target uses:
 * DescriptorExporter configured = HelmExporter.builder()
 *     .withGatewayBaseUrl(URI.create("https://apps.example.com/"))
 *     .withIngressClassName("nginx")
 *     .build();
 * }</pre>
 */
public final class HelmExporter implements DescriptorExporter {
  private final Gateway gateway;

  /**
   * An exporter whose gateway answers any host under {@code /<application>} with the cluster's
   * default ingress class (what {@link java.util.ServiceLoader} creates).
   */
  public HelmExporter() {
    this(Gateway.ANY_HOST);
  }

  private HelmExporter(Gateway gateway) {
    this.gateway = gateway;
  }

  /** A builder, to set the gateway the way the cluster target has it. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code helm}. */
  @Override
  public String id() {
    return "helm";
  }

  /**
   * Exports the plan as a zip named {@code <application>-helm.zip}.
   *
   * @throws io.processdeploy.api.ValidationException when a service name or variable name cannot
   *     be used in a chart, or the chart location is not a URL Helm understands
   */
  @Override
  public ExportedChart export(ApplicationPlan plan, ExportOptions options) {
    Objects.requireNonNull(plan, "plan was not specified");
    Objects.requireNonNull(options, "options were not specified");
    ExportChecks.check(plan, options);
    Gateway used = options.gateway() != null ? options.gateway() : gateway;
    byte[] zip = DeterministicZip.zip(ChartAssembler.files(plan, options,
        GatewaySettings.of(used.baseUrl(), used.ingressClassName())));
    return new ExportedChart(plan.name() + "-helm.zip", zip);
  }

  /** Builds a {@link HelmExporter}. */
  public static final class Builder {
    private URI baseUrl = URI.create("/");
    private String ingressClassName;

    private Builder() {}

    /**
     * The gateway base URL: its host is the Ingress host (none: any host) and its path comes
     * before the application's name, e.g. {@code https://apps.example.com/} exposes application
     * {@code invoices} at {@code https://apps.example.com/invoices/}.
     *
     * @throws ValidationException naming {@code gatewayBaseUrl} when it is not an http(s) URL or
     *     a path
     */
    public Builder withGatewayBaseUrl(URI gatewayBaseUrl) {
      Objects.requireNonNull(gatewayBaseUrl, "gatewayBaseUrl was not specified");
      String scheme = gatewayBaseUrl.getScheme();
      if (scheme != null && !scheme.equals("http") && !scheme.equals("https")
          || scheme != null && gatewayBaseUrl.getHost() == null) {
        throw new ValidationException("gatewayBaseUrl", "'" + gatewayBaseUrl + "' is not an"
            + " http(s) URL; give one like https://apps.example.com/");
      }
      this.baseUrl = gatewayBaseUrl;
      return this;
    }

    /**
     * The gateway: {@link #withGatewayBaseUrl} and {@link #withIngressClassName} at once, the
     * setting a cluster target can share.
     */
    public Builder withGateway(Gateway gateway) {
      Objects.requireNonNull(gateway, "gateway was not specified");
      this.baseUrl = gateway.baseUrl();
      this.ingressClassName = gateway.ingressClassName();
      return this;
    }

    /** The Ingress class of the gateway; {@code null} (the default) for the cluster's default. */
    public Builder withIngressClassName(String className) {
      this.ingressClassName = className;
      return this;
    }

    /** The exporter. */
    public HelmExporter build() {
      return new HelmExporter(Gateway.of(baseUrl, ingressClassName));
    }
  }
}
