package io.processdeploy.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Probe;
import io.processdeploy.api.Toleration;
import java.util.List;
import java.util.Map;

/**
 * A descriptor as a portable request, the JSON document descriptors move between environments
 * in. It holds what a caller asks for, not what an environment made of it: out-of-the-box
 * connectors without their catalog image, secret values (declared secret, listed under
 * {@code secretVariables} or {@code secretKeys}, or secret by name) replaced by
 * {@link #SECRET_PLACEHOLDER} and listed under {@code secretsToSupply}, no bundled-database
 * password.
 *
 * @param format always {@link #FORMAT}
 * @param name the application name
 * @param release the released project version
 * @param security admins and users
 * @param connectors the connectors, sorted by name
 * @param infrastructure image and variable overrides
 * @param secretsToSupply the keys of the secret values the importer supplies
 */
@JsonPropertyOrder({"format", "name", "release", "security", "connectors", "infrastructure",
    "secretsToSupply"})
public record DescriptorDocument(String format, String name, ReleaseDoc release,
    SecurityDoc security, List<ConnectorDoc> connectors, InfrastructureDoc infrastructure,
    List<String> secretsToSupply) {
  /** The format this version writes and reads. */
  public static final String FORMAT = "processdeploy-descriptor/v1";
  /** What stands in for a secret value in a document. */
  public static final String SECRET_PLACEHOLDER = "<secret: supplied at import>";

  /**
   * The released project version.
   *
   * @param projectId the project id
   * @param version the released version
   */
  @JsonPropertyOrder({"projectId", "version"})
  public record ReleaseDoc(String projectId, String version) {}

  /**
   * Admins and users.
   *
   * @param admins holders of the admin role
   * @param users holders of the user role
   */
  @JsonPropertyOrder({"admins", "users"})
  public record SecurityDoc(MembersDoc admins, MembersDoc users) {}

  /**
   * Users and groups.
   *
   * @param users user names
   * @param groups group names
   */
  @JsonPropertyOrder({"users", "groups"})
  public record MembersDoc(List<String> users, List<String> groups) {}

  /**
   * One connector.
   *
   * @param name the connector name
   * @param image the image of a custom connector (or an override of an out-of-the-box one's);
   *     absent when the importing environment's catalog supplies it
   * @param variables the connector's variables
   * @param secretVariables the variables declared secret (besides those whose name says so);
   *     absent when none
   */
  @JsonPropertyOrder({"name", "image", "variables", "secretVariables"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConnectorDoc(String name, String image, Map<String, String> variables,
      List<String> secretVariables) {}

  /**
   * Infrastructure overrides.
   *
   * @param global settings for every service
   * @param services settings per service name
   * @param ingress the gateway Ingress's settings, absent when none
   * @param networkPolicy whether services get NetworkPolicies, absent for the default (yes)
   */
  @JsonPropertyOrder({"global", "services", "ingress", "networkPolicy"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InfrastructureDoc(SettingsDoc global, Map<String, SettingsDoc> services,
      IngressSettings ingress, Boolean networkPolicy) {}

  /**
   * The settings of one service, or of all.
   *
   * @param image an image override, absent when none
   * @param variables group to key to value
   * @param secretKeys the variables declared secret (besides those whose name says so); absent
   *     when none
   * @param replicas how many pods run, absent when not set
   * @param requests what containers request, absent when not set
   * @param limits containers' limits, absent when not set
   * @param readinessProbe the readiness probe, absent when not set
   * @param livenessProbe the liveness probe, absent when not set
   * @param startupProbe the startup probe, absent when not set
   * @param nodeSelector node labels, absent when not set
   * @param tolerations tolerations, absent when not set
   * @param affinity the affinity as JSON text, absent when not set
   * @param automountServiceAccountToken whether pods get a token, absent when not set
   */
  @JsonPropertyOrder({"image", "variables", "secretKeys", "replicas", "requests", "limits",
      "readinessProbe", "livenessProbe", "startupProbe", "nodeSelector", "tolerations",
      "affinity", "automountServiceAccountToken"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SettingsDoc(String image, Map<String, Map<String, String>> variables,
      List<String> secretKeys, Integer replicas, ComputeResources requests,
      ComputeResources limits, Probe readinessProbe, Probe livenessProbe, Probe startupProbe,
      Map<String, String> nodeSelector, List<Toleration> tolerations, String affinity,
      Boolean automountServiceAccountToken) {}
}
