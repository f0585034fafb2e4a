package io.processdeploy.tck.cluster;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Application plans for cluster tests, shaped like the ones the deployment service computes: a
 * runtime bundle and a query service that read security and are exposed through the gateway, an
 * email connector with plain and secret variables, and optionally the Process Workspace UI.
 */
public final class ClusterPlans {
  /** Name of the runtime bundle service. */
  public static final String RUNTIME_BUNDLE = "runtime-bundle";
  /** Name of the query service. */
  public static final String QUERY = "query";
  /** Name of the connector service. */
  public static final String EMAIL_CONNECTOR = "email-connector";
  /** Name of the Process Workspace UI service. */
  public static final String PROCESS_WORKSPACE = "process-workspace";
  /** The secret variable of the connector; its value must never show up outside its Secret. */
  public static final String SECRET_VALUE = "s3cr3t-smtp-password";

  private ClusterPlans() {}

  /**
   * A plan of application {@code name} whose services run {@code image} on {@code port}, the
   * connector running {@code connectorImage}, with the Process Workspace UI when {@code withUi}.
   */
  public static ApplicationPlan plan(String name, String image, int port, String connectorImage,
      boolean withUi) {
    List<ServicePlan> services = new ArrayList<>();
    services.add(new ServicePlan(RUNTIME_BUNDLE, ServiceKind.RUNTIME_BUNDLE, image, port,
        Map.of("SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX", "file:/project-release/1/processes/",
            "APPLICATION_NAME", name),
        Map.of(), true, "rb"));
    services.add(new ServicePlan(QUERY, ServiceKind.QUERY, image, port,
        Map.of("APPLICATION_NAME", name), Map.of(), true, "query"));
    services.add(new ServicePlan(EMAIL_CONNECTOR, ServiceKind.CONNECTOR, connectorImage, port,
        Map.of("EMAIL_HOST", "smtp.example.com", "EMAIL_PORT", "587"),
        Map.of("EMAIL_PASSWORD", SECRET_VALUE), false, null));
    if (withUi) {
      services.add(new ServicePlan(PROCESS_WORKSPACE, ServiceKind.UI, image, port, Map.of(),
          Map.of(), false, PROCESS_WORKSPACE));
    }
    return new ApplicationPlan(name, name, descriptor(name, connectorImage, security("alice")),
        "onboarding", services);
  }

  /** The same plan with a working connector and no UI. */
  public static ApplicationPlan plan(String name, String image, int port) {
    return plan(name, image, port, image, false);
  }

  /** A fresh application name: {@code tag}, a dash and four random letters. */
  public static String uniqueName(String tag) {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      suffix.append((char) ('a' + java.util.concurrent.ThreadLocalRandom.current().nextInt(26)));
    }
    return tag.toLowerCase(java.util.Locale.ROOT) + "-" + suffix;
  }

  /** {@code plan} with service {@code service} running {@code image}. */
  public static ApplicationPlan withImage(ApplicationPlan plan, String service, String image) {
    List<ServicePlan> services = plan.services().stream().map(s -> !s.name().equals(service) ? s
        : new ServicePlan(s.name(), s.kind(), image, s.port(), s.env(), s.secretEnv(),
            s.readsSecurity(), s.ingressPath())).toList();
    return new ApplicationPlan(plan.name(), plan.namespace(), plan.descriptor(),
        plan.projectName(), services);
  }

  /** Security with one admin user and one user group. */
  public static Security security(String adminUser) {
    return new Security(Members.users(adminUser), new Members(Set.of(), Set.of("clerks")));
  }

  private static DeploymentDescriptor descriptor(String name, String connectorImage,
      Security security) {
    ConnectorConfig email = new ConnectorConfig(EMAIL_CONNECTOR,
        ImageReference.parse(connectorImage), ConnectorKind.OUT_OF_THE_BOX,
        Map.of("EMAIL_HOST", "smtp.example.com", "EMAIL_PORT", "587",
            "EMAIL_PASSWORD", SECRET_VALUE));
    return new DeploymentDescriptor(name, ReleaseRef.of("onboarding", "1"), security,
        List.of(email), Infrastructure.NONE, Instant.parse("2026-01-01T00:00:00Z"), "devops");
  }
}
