package io.processdeploy.helm.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import java.nio.charset.StandardCharsets;

/**
 * The {@code README.md} of an export: how to install it and how to supply its secrets. Names the
 * secret keys, never their values.
 */
public final class ReadmeText {
  private ReadmeText() {}

  /** The README of the export of {@code plan}, UTF-8. */
  public static byte[] of(ApplicationPlan plan, ExportOptions options) {
    String app = plan.name();
    String ns = plan.namespace();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(app).append(": Helm chart\n\n")
        .append("Application `").append(app).append("` of project `")
        .append(plan.projectName()).append("`, release `")
        .append(plan.descriptor().release().version()).append("`, exported by ProcessDeploy.\n")
        .append("This folder is a Helm chart: `values.yaml` holds what is specific to this")
        .append(" application, `requirements.yaml` lists the charts it is made of (the")
        .append(" application chart, and the service chart once per service under the service's")
        .append(" name).\n\n");
    md.append("## Install\n\n```sh\n");
    dependencySteps(md, app, options.chartLocation());
    md.append("kubectl create namespace ").append(ns).append('\n');
    md.append("# create the Secrets listed below, then:\n");
    md.append("helm install ").append(app).append(" ./").append(app).append(" --namespace ")
        .append(ns).append("\n```\n\n");
    md.append("Install into namespace `").append(ns).append("`: the objects carry the")
        .append(" application's name and the service account's role is bound there.\n\n");
    secrets(md, plan, options);
    md.append("## Services\n\n| Service | Image | Port | Gateway path |\n|---|---|---|---|\n");
    for (ServicePlan service : plan.services()) {
      md.append("| ").append(service.name()).append(" | `").append(service.image())
          .append("` | ").append(service.port()).append(" | ")
          .append(service.ingressPath() == null ? "-" : "`" + service.ingressPath() + "`")
          .append(" |\n");
    }
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void dependencySteps(StringBuilder md, String app, ChartLocation location) {
    switch (location.kind()) {
      case VENDORED -> md.append("helm dependency build ").append(app)
          .append("   # optional: the charts are already in charts/\n");
      case REPOSITORY -> md.append("helm repo add processdeploy ").append(location.url())
          .append('\n').append("helm dependency build ").append(app).append('\n');
      case OCI -> md.append("helm dependency build ").append(app)
          .append("   # after helm registry login, if the registry needs it\n");
      default -> throw new IllegalStateException("unknown chart location " + location.kind());
    }
  }

  private static void secrets(StringBuilder md, ApplicationPlan plan, ExportOptions options) {
    md.append("## Secrets\n\n");
    boolean any = plan.services().stream().anyMatch(s -> !s.secretEnv().isEmpty());
    if (!any) {
      md.append("No service of this application needs secret values.\n\n");
      return;
    }
    if (options.includeSecrets()) {
      md.append("This export was made with secrets included: `values.yaml` holds passwords and")
          .append(" tokens in clear. Keep it as safe as the secrets themselves; the chart")
          .append(" creates the Secrets below.\n\n");
      return;
    }
    md.append("This export holds no secret values. Before installing, create one Secret per")
        .append(" service below in namespace `").append(plan.namespace()).append("`, with")
        .append(" exactly these keys (the values are yours to fill in):\n\n```sh\n");
    for (ServicePlan service : plan.services()) {
      if (service.secretEnv().isEmpty()) {
        continue;
      }
      md.append("kubectl create secret generic ").append(ResourceNames.envSecret(service.name()))
          .append(" --namespace ").append(plan.namespace());
      for (String key : service.secretEnv().keySet()) {
        md.append(" \\\n  --from-literal=").append(key).append("='<value>'");
      }
      md.append('\n');
    }
    md.append("```\n\nTo let the chart create them instead, set `<service>.secret.create=true`")
        .append(" and give every key under `<service>.secret.data`, e.g. with")
        .append(" `--set-file` or a values file you keep safe.\n\n");
  }
}
