package io.processdeploy.core.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks that every Kubernetes object of a plan is one a real API server accepts (the rules of
 * {@link KubernetesLimits}): object names, label values, the keys and the size of each ConfigMap
 * and Secret. A refusal is a {@link ValidationException} naming the descriptor field that causes
 * it and saying how to fix it; it never quotes a variable's value.
 */
public final class PlanLimits {
  private static final String GLOBAL_ENV = "infrastructure.global.variables["
      + Infrastructure.ENV + "]";

  private PlanLimits() {}

  /**
   * Checks every object of {@code plan}.
   *
   * @throws ValidationException naming the offending field
   */
  public static void check(ApplicationPlan plan) {
    String app = plan.name();
    if (!KubernetesLimits.isDnsLabel(plan.namespace())) {
      throw new ValidationException("name", "'" + app + "' would name the namespace '"
          + plan.namespace() + "', which Kubernetes refuses: namespaces are "
          + KubernetesLimits.DNS_LABEL_RULE + "; choose another application name");
    }
    ResourceNames.applicationLabels(app).forEach((key, value) -> {
      if (!KubernetesLimits.isLabelValue(value)) {
        throw new ValidationException("name", "'" + app + "' would be the value of the label "
            + key + ", which Kubernetes refuses: label values are "
            + KubernetesLimits.LABEL_VALUE_RULE + "; choose another application name");
      }
    });
    checkSecurity(plan.descriptor().security());
    for (ServicePlan service : plan.services()) {
      Origin origin = origin(plan, service);
      names(service, origin);
      labels(app, service, origin);
      data(service, origin, ResourceNames.envConfigMap(service.name()), service.env(),
          "ConfigMap", "the plain variables");
      data(service, origin, ResourceNames.envSecret(service.name()), service.secretEnv(),
          "Secret", "the variables whose names mark them secret");
    }
  }

  /**
   * Checks the size of the security ConfigMap that {@code security} makes.
   *
   * @throws ValidationException naming {@code security.admins} or {@code security.users},
   *     whichever holds more of it
   */
  public static void checkSecurity(Security security) {
    Map<String, String> data = ResourceNames.securityData(security);
    long size = KubernetesLimits.dataSize(data);
    if (size <= KubernetesLimits.MAX_DATA_BYTES) {
      return;
    }
    long admins = KubernetesLimits.dataSize(Map.of(
        "groups", data.get(ResourceNames.SECURITY_ADMIN_GROUPS),
        "users", data.get(ResourceNames.SECURITY_ADMIN_USERS)));
    long users = size - admins;
    throw new ValidationException(admins >= users ? "security.admins" : "security.users",
        "admins and users would put " + size + " bytes of names into the ConfigMap '"
            + ResourceNames.SECURITY_CONFIG_MAP + "' (" + admins + " from admins, " + users
            + " from users); Kubernetes refuses a ConfigMap holding more than " + limit()
            + " of values; list fewer names, e.g. give the role to a group rather than to each"
            + " of its users");
  }

  private static void names(ServicePlan service, Origin origin) {
    String name = service.name();
    if (!KubernetesLimits.isServiceName(name)) {
      throw new ValidationException(origin.nameField(), origin.runs(name) + ", which Kubernetes"
          + " refuses as the name of a Service: names are " + KubernetesLimits.SERVICE_NAME_RULE
          + "; " + origin.rename());
    }
    for (String object : List.of(ResourceNames.envConfigMap(name), ResourceNames.envSecret(name))) {
      if (!KubernetesLimits.isDnsSubdomain(object)) {
        throw new ValidationException(origin.nameField(), origin.runs(name) + " with its"
            + " environment in '" + object + "', which Kubernetes refuses as the name of a"
            + " ConfigMap or Secret: names are " + KubernetesLimits.DNS_SUBDOMAIN_RULE + "; "
            + origin.rename());
      }
    }
  }

  private static void labels(String app, ServicePlan service, Origin origin) {
    ResourceNames.serviceLabels(app, service).forEach((key, value) -> {
      if (KubernetesLimits.isLabelValue(value)) {
        return;
      }
      String problem = origin.runs(service.name()) + ", and with application '" + app + "' its"
          + " objects would carry the label " + key + "='" + value + "'";
      if (value.length() > KubernetesLimits.MAX_LABEL_VALUE) {
        throw new ValidationException(origin.nameField(), problem + " of " + value.length()
            + " characters, passing the " + KubernetesLimits.MAX_LABEL_VALUE + " characters"
            + " Kubernetes allows in a label value; " + origin.shorten(app, service));
      }
      throw new ValidationException(origin.nameField(), problem + ", which Kubernetes refuses:"
          + " label values are " + KubernetesLimits.LABEL_VALUE_RULE + "; " + origin.rename());
    });
  }

  private static void data(ServicePlan service, Origin origin, String object,
      Map<String, String> data, String kind, String what) {
    for (String key : data.keySet()) {
      if (!KubernetesLimits.isDataKey(key)) {
        throw new ValidationException(origin.sourceOf(key), "'" + abbreviated(key) + "' ("
            + key.length() + " characters) cannot be a key of the " + kind + " '" + object
            + "' that holds " + what + " of service '" + service.name() + "': Kubernetes keys"
            + " are " + KubernetesLimits.DATA_KEY_RULE + "; use a shorter variable name");
      }
    }
    long size = KubernetesLimits.dataSize(data);
    if (size <= KubernetesLimits.MAX_DATA_BYTES) {
      return;
    }
    Source largest = origin.largestSourceOf(data);
    String share = largest.bytes() < size ? " (" + largest.bytes() + " of them from "
        + largest.field() + ")" : "";
    throw new ValidationException(largest.field(), "would put " + size + " bytes of values into"
        + " the " + kind + " '" + object + "' that holds " + what + " of service '"
        + service.name() + "'" + share + "; Kubernetes refuses a " + kind + " holding more than "
        + limit() + " of values; give smaller values, e.g. put large content into a file of the"
        + " image or fetch it at run time rather than passing it in a variable");
  }

  private static String limit() {
    return KubernetesLimits.MAX_DATA_BYTES + " bytes (1 MiB)";
  }

  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** Where a service of the plan comes from in the descriptor. */
  private static Origin origin(ApplicationPlan plan, ServicePlan service) {
    Infrastructure infra = plan.descriptor().infrastructure();
    Map<String, String> global = infra.global().group(Infrastructure.ENV);
    if (service.kind() == ServiceKind.CONNECTOR) {
      for (ConnectorConfig connector : plan.descriptor().connectors()) {
        if (ImageNaming.serviceName(connector.name()).equals(service.name())) {
          String field = "connectors[" + connector.name() + "]";
          return new Origin(field + ".name", connector.name(), List.of(
              new Given(field + ".variables", connector.variables()),
              new Given(GLOBAL_ENV, global)));
        }
      }
    }
    String own = "infrastructure.services[" + service.name() + "].variables["
        + Infrastructure.ENV + "]";
    return new Origin("name", null, List.of(
        new Given(own, infra.service(service.name()).group(Infrastructure.ENV)),
        new Given(GLOBAL_ENV, global)));
  }

  /** Variables given in one field of the descriptor. */
  private record Given(String field, Map<String, String> values) {}

  /** How many bytes of an object's values came from one field. */
  private record Source(String field, long bytes) {}

  /**
   * The descriptor fields a service comes from.
   *
   * @param nameField the field that names it
   * @param connector the connector it runs, or {@code null}
   * @param variables the fields its environment comes from, the one that wins first
   */
  private record Origin(String nameField, String connector, List<Given> variables) {
    String runs(String service) {
      return connector != null
          ? "connector '" + connector + "' would run as service '" + service + "'"
          : "the application would run service '" + service + "'";
    }

    String rename() {
      return connector != null ? "rename the connector" : "choose another application name";
    }

    String shorten(String app, ServicePlan service) {
      if (connector == null) {
        return "use a shorter application name";
      }
      int room = KubernetesLimits.MAX_LABEL_VALUE
          - ResourceNames.instance(app, "").length()
          - Math.max(0, service.name().length() - connector.length());
      return "use a connector name of at most " + room + " characters or a shorter application"
          + " name";
    }

    /** The field a variable comes from (the first that gives it), else the naming field. */
    String sourceOf(String key) {
      return variables.stream().filter(v -> v.values().containsKey(key)).map(Given::field)
          .findFirst().orElse(nameField);
    }

    /** The field that gives most bytes of {@code data}'s values; the first on a tie or none. */
    Source largestSourceOf(Map<String, String> data) {
      Set<String> taken = new HashSet<>();
      List<Source> sources = new ArrayList<>();
      for (Given v : variables) {
        Map<String, String> given = new HashMap<>();
        v.values().forEach((key, value) -> {
          if (!taken.contains(key) && Objects.equals(value, data.get(key))) {
            given.put(key, value);
          }
        });
        taken.addAll(v.values().keySet());
        sources.add(new Source(v.field(), KubernetesLimits.dataSize(given)));
      }
      Source largest = sources.get(0);
      for (Source s : sources) {
        if (s.bytes() > largest.bytes()) {
          largest = s;
        }
      }
      return largest;
    }
  }
}
