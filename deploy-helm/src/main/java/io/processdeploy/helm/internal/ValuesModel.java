package io.processdeploy.helm.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The model of the exported {@code values.yaml}: one record per section. The file itself is a map
 * of {@code global}, the application chart's section and one section per service alias, written
 * by {@link ValuesFactory}.
 */
public final class ValuesModel {
  private ValuesModel() {}

  /**
   * Values every chart of the export sees.
   *
   * @param application what the application is
   * @param security who administers and uses it
   * @param database which database the application uses
   * @param imagePullSecrets names of the Secrets pods pull images with; the installer creates
   *     them
   */
  @JsonPropertyOrder({"application", "security", "database", "imagePullSecrets"})
  public record Global(Application application, Security security, Database database,
      List<String> imagePullSecrets) {}

  /**
   * The application.
   *
   * @param name its name; it names the Helm release and labels every object
   * @param namespace the namespace to install it in
   * @param project the released project's name
   * @param projectId the released project's identifier
   * @param releaseVersion the release version
   */
  @JsonPropertyOrder({"name", "namespace", "project", "projectId", "releaseVersion"})
  public record Application(String name, String namespace, String project, String projectId,
      String releaseVersion) {}

  /**
   * Admins and users.
   *
   * @param admins holders of the admin role
   * @param users holders of the user role
   */
  @JsonPropertyOrder({"admins", "users"})
  public record Security(Members admins, Members users) {}

  /**
   * Users and groups of one role.
   *
   * @param users user names, sorted
   * @param groups group names, sorted
   */
  @JsonPropertyOrder({"users", "groups"})
  public record Members(List<String> users, List<String> groups) {}

  /**
   * The database of the application.
   *
   * @param bundled whether the application runs its own PostgreSQL
   * @param external per service, the external PostgreSQL it uses instead (no password)
   */
  @JsonPropertyOrder({"bundled", "external"})
  public record Database(boolean bundled, Map<String, ExternalDatabase> external) {}

  /**
   * An external PostgreSQL; its password lives in the service's Secret.
   *
   * @param url the JDBC URL
   * @param username the user name
   * @param jpaDatabasePlatform the JPA platform, when given
   */
  @JsonPropertyOrder({"url", "username", "jpaDatabasePlatform"})
  public record ExternalDatabase(String url, String username, String jpaDatabasePlatform) {}

  /**
   * The values of the application chart.
   *
   * @param gateway the Ingress that routes to the exposed services
   */
  public record ApplicationChart(Gateway gateway) {}

  /**
   * The gateway Ingress.
   *
   * @param enabled whether an Ingress is rendered (only when a service is exposed)
   * @param host the host it answers, or empty for any host
   * @param ingressClassName the ingress class, or empty for the cluster default
   * @param tlsSecretName the Secret with the certificate of the host, or empty for no TLS
   * @param annotations annotations of the Ingress
   * @param routes one per exposed service
   */
  @JsonPropertyOrder({"enabled", "host", "ingressClassName", "tlsSecretName", "annotations",
      "routes"})
  public record Gateway(boolean enabled, String host, String ingressClassName,
      String tlsSecretName, Map<String, String> annotations, List<Route> routes) {}

  /**
   * One path of the gateway.
   *
   * @param path the path prefix
   * @param service the service it routes to
   * @param port the service port
   */
  @JsonPropertyOrder({"path", "service", "port"})
  public record Route(String path, String service, int port) {}

  /**
   * The values of one service (one alias of the service chart).
   *
   * @param enabled whether the service is installed
   * @param component its {@code app.kubernetes.io/component} label
   * @param image the image, by digest where it was built
   * @param port the container and Service port
   * @param readsSecurity whether it is rolled when the security configuration changes
   * @param runAsUser the user it runs as, when not the chart's default
   * @param dataVolume its data volume, for the bundled database only
   * @param replicas how many pods run, absent to name no count
   * @param resources what the container requests and its limits
   * @param probes its readiness, liveness and startup probes
   * @param nodeSelector node labels its pods must run on
   * @param tolerations taints its pods tolerate
   * @param affinity its pods' affinity, as Kubernetes reads it
   * @param automountServiceAccountToken whether its pods get a service-account token
   * @param networkPolicy what may connect to it
   * @param env plain environment variables
   * @param secret its secret environment
   */
  @JsonPropertyOrder({"enabled", "component", "image", "port", "readsSecurity", "runAsUser",
      "dataVolume", "replicas", "resources", "probes", "nodeSelector", "tolerations", "affinity",
      "automountServiceAccountToken", "networkPolicy", "env", "secret"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Service(boolean enabled, String component, String image, int port,
      boolean readsSecurity, Integer runAsUser, DataVolume dataVolume, Integer replicas,
      Resources resources, Probes probes, Map<String, String> nodeSelector,
      List<Map<String, Object>> tolerations, Map<String, Object> affinity,
      boolean automountServiceAccountToken, NetworkPolicy networkPolicy,
      Map<String, String> env, Secret secret) {}

  /**
   * A container's requests and limits, each a map of {@code cpu} and {@code memory}.
   *
   * @param requests what it requests
   * @param limits its limits
   */
  @JsonPropertyOrder({"requests", "limits"})
  public record Resources(Map<String, String> requests, Map<String, String> limits) {}

  /**
   * The probes of a container.
   *
   * @param readiness when a pod receives traffic
   * @param liveness when a pod is restarted
   * @param startup how long a pod may take to start
   */
  @JsonPropertyOrder({"readiness", "liveness", "startup"})
  public record Probes(Probe readiness, Probe liveness, Probe startup) {}

  /**
   * One probe on the port {@code http}: an HTTP GET of {@code path}, or TCP when it is empty.
   *
   * @param path the HTTP path, or empty for TCP
   * @param initialDelaySeconds seconds before the first probe
   * @param periodSeconds seconds between probes
   * @param timeoutSeconds seconds a probe may take
   * @param failureThreshold failures in a row that count
   */
  @JsonPropertyOrder({"path", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
      "failureThreshold"})
  public record Probe(String path, int initialDelaySeconds, int periodSeconds,
      int timeoutSeconds, int failureThreshold) {}

  /**
   * The NetworkPolicy of a service.
   *
   * @param enabled whether it is rendered
   * @param fromAnywhere whether anyone may connect (an exposed service)
   * @param fromAllServices whether every pod of the namespace may connect
   * @param fromServices otherwise, the services whose pods may connect
   */
  @JsonPropertyOrder({"enabled", "fromAnywhere", "fromAllServices", "fromServices"})
  public record NetworkPolicy(boolean enabled, boolean fromAnywhere, boolean fromAllServices,
      List<String> fromServices) {}

  /**
   * The PersistentVolumeClaim {@code <service>-data} a service keeps its data on.
   *
   * @param mountPath where it is mounted
   * @param size the size claimed
   * @param storageClassName the storage class, or {@code null} for the cluster's default
   */
  @JsonPropertyOrder({"mountPath", "size", "storageClassName"})
  public record DataVolume(String mountPath, String size, String storageClassName) {}

  /**
   * The secret environment of a service, in the Secret named {@code <service>-secret}.
   *
   * @param create whether the chart creates the Secret from {@code data}; when false the Secret
   *     must exist before the pods start
   * @param keys the keys the Secret holds
   * @param data the values, only when the export includes secrets
   */
  @JsonPropertyOrder({"create", "keys", "data"})
  public record Secret(boolean create, List<String> keys, Map<String, String> data) {}
}
