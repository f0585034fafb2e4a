package io.processdeploy.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an application consists of once resolved: the single model from which the cluster target
 * creates resources and the Helm exporter writes its chart values, so that both produce the same
 * Kubernetes objects. The deployment service computes it from a descriptor, the release and the
 * built images.
 *
 * @param name the application name
 * @param namespace the namespace that holds it
 * @param descriptor the descriptor it comes from (security, connectors, infrastructure)
 * @param projectName the released project's name
 * @param services every service, sorted by name
 * @param pullSecret the credentials pods pull images with, or {@code null} when the registry
 *     needs none
 */
public record ApplicationPlan(String name, String namespace, DeploymentDescriptor descriptor,
    String projectName, List<ServicePlan> services, ImagePullSecret pullSecret) {
  /** Validates and copies. */
  public ApplicationPlan {
    Names.requireApplicationName("name", name);
    Objects.requireNonNull(namespace, "namespace was not specified");
    Objects.requireNonNull(descriptor, "descriptor was not specified");
    Objects.requireNonNull(projectName, "projectName was not specified");
    services = services.stream()
        .sorted(java.util.Comparator.comparing(ServicePlan::name)).toList();
  }
  /** A plan whose images need no pull credentials. */
  public ApplicationPlan(String name, String namespace, DeploymentDescriptor descriptor,
      String projectName, List<ServicePlan> services) {
    this(name, namespace, descriptor, projectName, services, null);
  }

  /** The pull secret, when pods need one. */
  public Optional<ImagePullSecret> imagePullSecret() {
    return Optional.ofNullable(pullSecret);
  }

  /** A copy whose pods pull with {@code secret} ({@code null}: with no credentials). */
  public ApplicationPlan withPullSecret(ImagePullSecret secret) {
    return new ApplicationPlan(name, namespace, descriptor, projectName, services, secret);
  }


  /**
   * The application's gateway Ingress settings, over the cluster target's gateway (see
   * {@link Infrastructure#ingress()}).
   */
  public IngressSettings ingress() {
    return descriptor.infrastructure().ingress();
  }

  /** Whether each service gets a NetworkPolicy (see {@link Infrastructure#networkPolicy()}). */
  public boolean networkPolicy() {
    return descriptor.infrastructure().networkPolicyEnabled();
  }

  /** The service of that name. */
  public Optional<ServicePlan> service(String serviceName) {
    return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
  }

  /** The services of one kind. */
  public List<ServicePlan> services(ServiceKind kind) {
    return services.stream().filter(s -> s.kind() == kind).toList();
  }

  /** A copy with other security settings (the services are unchanged). */
  public ApplicationPlan withSecurity(Security security) {
    return new ApplicationPlan(name, namespace, descriptor.withSecurity(security), projectName,
        services, pullSecret);
  }
}
