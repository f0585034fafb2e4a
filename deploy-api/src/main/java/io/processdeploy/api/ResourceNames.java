package io.processdeploy.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names, labels and annotations of the Kubernetes objects of an application, shared by the
 * cluster target and the Helm chart so that both create the same objects.
 *
 * <p>Per application (namespace {@link ApplicationPlan#namespace()}): a ServiceAccount, Role and
 * RoleBinding named {@link #SERVICE_ACCOUNT}; a ConfigMap {@link #SECURITY_CONFIG_MAP} holding
 * {@link #securityData}; an Ingress {@link #GATEWAY_INGRESS}. Per service: a Deployment and a
 * Service named after the service, a ConfigMap {@link #envConfigMap(String)} and a Secret
 * {@link #envSecret(String)}.
 */
public final class ResourceNames {
  /** Label and annotation prefix of this library. */
  public static final String PREFIX = "processdeploy.io/";
  /** Label every object of ours carries; its value is the application name. */
  public static final String APPLICATION_LABEL = PREFIX + "application";
  /** {@code app.kubernetes.io/managed-by} value marking ownership. */
  public static final String MANAGED_BY = "processdeploy";
  /**
   * Field manager under which the cluster target writes its objects by server-side apply: the
   * fields it applied are its own, and the fields others set (a replica count, labels and
   * annotations of other controllers) stay theirs.
   */
  public static final String FIELD_MANAGER = "processdeploy";
  /** Annotation on the namespace naming the owner. */
  public static final String OWNER_ANNOTATION = PREFIX + "owner";
  /** Pod-template annotation holding the checksum of the security configuration. */
  public static final String SECURITY_CHECKSUM_ANNOTATION = PREFIX + "security-checksum";
  /** Finalizer this library may put on namespaces. */
  public static final String FINALIZER = PREFIX + "cleanup";
  /** Name of the service account, role and role binding. */
  public static final String SERVICE_ACCOUNT = "application";
  /** Name of the ConfigMap holding admins and users. */
  public static final String SECURITY_CONFIG_MAP = "security";
  /** Name of the gateway Ingress. */
  public static final String GATEWAY_INGRESS = "gateway";
  /** Name of the Secret pods pull the application's images with ({@link ImagePullSecret}). */
  public static final String IMAGE_PULL_SECRET = "registry-credentials";
  /** Name of the Service port every service exposes. */
  public static final String PORT_NAME = "http";
  /** Key of the security ConfigMap listing the groups holding {@link Security#ADMIN_ROLE}. */
  public static final String SECURITY_ADMIN_GROUPS = "admins.groups";
  /** Key of the security ConfigMap listing the users holding {@link Security#ADMIN_ROLE}. */
  public static final String SECURITY_ADMIN_USERS = "admins.users";
  /** Key of the security ConfigMap listing the groups holding {@link Security#USER_ROLE}. */
  public static final String SECURITY_USER_GROUPS = "users.groups";
  /** Key of the security ConfigMap listing the users holding {@link Security#USER_ROLE}. */
  public static final String SECURITY_USER_USERS = "users.users";

  private ResourceNames() {}

  /** The namespace of an application: the application name itself. */
  public static String namespace(String applicationName) {
    return applicationName;
  }

  /**
   * The path of a service under the gateway: the base URL's path, the application name, then the
   * service's {@link ServicePlan#ingressPath()}, e.g. {@code /apps/invoices/rb}. The cluster
   * target's Ingress and links and the Helm chart's Ingress all use it.
   *
   * @param basePath the path of the gateway base URL, e.g. {@code /apps/} or empty
   * @param application the application name
   * @param servicePath the service's path under the application, or {@code null} for none
   */
  public static String gatewayPath(String basePath, String application, String servicePath) {
    StringBuilder path = new StringBuilder("/");
    String base = trimSlashes(basePath == null ? "" : basePath);
    if (!base.isEmpty()) {
      path.append(base).append('/');
    }
    path.append(application);
    String tail = trimSlashes(servicePath == null ? "" : servicePath);
    if (!tail.isEmpty()) {
      path.append('/').append(tail);
    }
    return path.toString();
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  /** Name of the ConfigMap with a service's plain environment. */
  public static String envConfigMap(String service) {
    return service + "-env";
  }

  /** Name of the PersistentVolumeClaim a service keeps its data on ({@link DataVolume}). */
  public static String dataClaim(String service) {
    return service + "-data";
  }

  /** Name of the Secret with a service's secret environment. */
  public static String envSecret(String service) {
    return service + "-secret";
  }

  /**
   * The data of the security ConfigMap {@link #SECURITY_CONFIG_MAP}: four keys, in this order,
   * each a JSON array of the names in sorted order ({@code []} when there are none), written as
   * Go's {@code encoding/json} (Helm's {@code toJson}) writes it, so that a name cannot change
   * the meaning of the list whatever characters it holds: {@value #SECURITY_ADMIN_GROUPS},
   * {@value #SECURITY_ADMIN_USERS}, {@value #SECURITY_USER_GROUPS} and
   * {@value #SECURITY_USER_USERS}, e.g. {@code admins.users: ["alice","bob"]}.
   */
  public static Map<String, String> securityData(Security security) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SECURITY_ADMIN_GROUPS, GoJson.array(security.admins().groups()));
    data.put(SECURITY_ADMIN_USERS, GoJson.array(security.admins().users()));
    data.put(SECURITY_USER_GROUPS, GoJson.array(security.users().groups()));
    data.put(SECURITY_USER_USERS, GoJson.array(security.users().users()));
    return data;
  }

  /**
   * The value of the {@code app.kubernetes.io/instance} label of a service's objects:
   * {@code <application>-<service>}.
   */
  public static String instance(String application, String service) {
    return application + "-" + service;
  }

  /** Labels of every object of an application. */
  public static Map<String, String> applicationLabels(String application) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
    labels.put("app.kubernetes.io/part-of", application);
    labels.put(APPLICATION_LABEL, application);
    return labels;
  }

  /** Labels of the objects of one service; the selector uses the last two. */
  public static Map<String, String> serviceLabels(String application, ServicePlan service) {
    Map<String, String> labels = applicationLabels(application);
    labels.put("app.kubernetes.io/component", service.kind().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-'));
    labels.put("app.kubernetes.io/name", service.name());
    labels.put("app.kubernetes.io/instance", instance(application, service.name()));
    return labels;
  }

  /** The selector of one service's pods. */
  public static Map<String, String> selector(String application, String service) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/instance", instance(application, service));
    labels.put("app.kubernetes.io/name", service);
    return labels;
  }
}
