package io.processdeploy.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.Probe;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.Workload;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules of how pods run (replicas, resources, probes, placement) and of the gateway Ingress,
 * checked the way the API server would, so that an accepted descriptor can be deployed. Every
 * refusal names the field, e.g. {@code infrastructure.services[query].limits.memory}, and the fix.
 */
final class WorkloadSettings {
  /** Top-level keys of an affinity. */
  static final Set<String> AFFINITY_KEYS = Set.of("nodeAffinity", "podAffinity",
      "podAntiAffinity");
  private static final Pattern NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final String QUALIFIED_NAME_RULE = "an optional DNS-subdomain prefix and '/',"
      + " then at most 63 characters of letters, digits, '-', '_' and '.', starting and ending"
      + " with a letter or digit, e.g. example.com/tier";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkloadSettings() {}

  /** Checks the pod settings of one service's (or the global) settings. */
  static void check(String prefix, ServiceSettings s) {
    Integer replicas = s.replicas();
    if (replicas != null && (replicas < 0 || replicas > Workload.MAX_REPLICAS)) {
      throw new ValidationException(prefix + ".replicas", "must be 0 to "
          + Workload.MAX_REPLICAS + "; give the number of pods to run");
    }
    resources(prefix + ".requests", s.requests());
    resources(prefix + ".limits", s.limits());
    probe(prefix + ".readinessProbe", s.readinessProbe());
    probe(prefix + ".livenessProbe", s.livenessProbe());
    probe(prefix + ".startupProbe", s.startupProbe());
    if (s.nodeSelector() != null) {
      s.nodeSelector().forEach((key, value) -> {
        requireQualifiedName(prefix + ".nodeSelector", key, "a node label key");
        if (!KubernetesLimits.isLabelValue(value)) {
          throw new ValidationException(prefix + ".nodeSelector[" + key + "]", "is not a label"
              + " value: " + KubernetesLimits.LABEL_VALUE_RULE);
        }
      });
    }
    if (s.tolerations() != null) {
      for (int i = 0; i < s.tolerations().size(); i++) {
        toleration(prefix + ".tolerations[" + i + "]", s.tolerations().get(i));
      }
    }
    if (s.affinity() != null) {
      affinity(prefix + ".affinity", s.affinity());
    }
  }

  /** Checks that each resolved limit of a service is at least what it requests. */
  static void checkLimits(String prefix, ServicePlan service) {
    ComputeResources requests = service.workload().requests();
    ComputeResources limits = service.workload().limits();
    atLeast(prefix + ".limits.cpu", limits.cpu(), requests.cpu());
    atLeast(prefix + ".limits.memory", limits.memory(), requests.memory());
  }

  /** Checks the application's gateway Ingress settings. */
  static void ingress(String prefix, IngressSettings ingress) {
    if (ingress.className() != null && !KubernetesLimits.isDnsSubdomain(ingress.className())) {
      throw new ValidationException(prefix + ".className", "is not an Ingress class name: "
          + KubernetesLimits.DNS_SUBDOMAIN_RULE);
    }
    String host = ingress.host();
    if (host != null && !KubernetesLimits.isDnsSubdomain(host.startsWith("*.")
        ? host.substring(2) : host)) {
      throw new ValidationException(prefix + ".host", "is not a DNS name: "
          + KubernetesLimits.DNS_SUBDOMAIN_RULE + " (a leading '*.' is allowed), e.g."
          + " invoices.example.com");
    }
    if (ingress.tlsSecretName() != null) {
      if (!KubernetesLimits.isDnsSubdomain(ingress.tlsSecretName())) {
        throw new ValidationException(prefix + ".tlsSecretName", "is not a Secret name: "
            + KubernetesLimits.DNS_SUBDOMAIN_RULE);
      }
    }
    ingress.annotations().forEach((key, value) -> {
      requireQualifiedName(prefix + ".annotations", key, "an annotation key");
      if (value == null) {
        throw new ValidationException(prefix + ".annotations[" + key + "]", "has no value; give"
            + " one or leave the annotation out");
      }
    });
  }

  private static void resources(String field, ComputeResources r) {
    if (r == null) {
      return;
    }
    quantity(field + ".cpu", r.cpu(), "250m or 1");
    quantity(field + ".memory", r.memory(), "512Mi or 1Gi");
  }

  private static void quantity(String field, String value, String example) {
    if (value == null) {
      return;
    }
    BigDecimal amount = Quantities.parse(value);
    if (amount == null || amount.signum() <= 0) {
      throw new ValidationException(field, "'" + value + "' is not a positive Kubernetes"
          + " quantity; give one such as " + example);
    }
  }

  private static void atLeast(String field, String limit, String request) {
    if (limit == null || request == null) {
      return;
    }
    if (Quantities.parse(limit).compareTo(Quantities.parse(request)) < 0) {
      throw new ValidationException(field, "the limit " + limit + " is less than the request "
          + request + "; raise the limit or lower the request");
    }
  }

  private static void probe(String field, Probe p) {
    if (p == null) {
      return;
    }
    if (p.path() != null && (!p.path().startsWith("/") || p.path().chars()
        .anyMatch(c -> c <= ' ' || c == 0x7f))) {
      throw new ValidationException(field + ".path", "must be an HTTP path starting with '/'"
          + " and without spaces, e.g. /actuator/health; leave it out for a TCP probe");
    }
    if (p.initialDelaySeconds() != null && p.initialDelaySeconds() < 0) {
      throw new ValidationException(field + ".initialDelaySeconds", "must be 0 or more");
    }
    positive(field + ".periodSeconds", p.periodSeconds());
    positive(field + ".timeoutSeconds", p.timeoutSeconds());
    positive(field + ".failureThreshold", p.failureThreshold());
  }

  private static void positive(String field, Integer value) {
    if (value != null && value < 1) {
      throw new ValidationException(field, "must be a positive number of seconds or times");
    }
  }

  private static void toleration(String field, Toleration t) {
    if (t == null) {
      throw new ValidationException(field, "is empty; remove it");
    }
    if (t.operator() != null && !Toleration.OPERATORS.contains(t.operator())) {
      throw new ValidationException(field + ".operator", "'" + t.operator() + "' is not an"
          + " operator; use " + new TreeSet<>(Toleration.OPERATORS));
    }
    if (t.effect() != null && !Toleration.EFFECTS.contains(t.effect())) {
      throw new ValidationException(field + ".effect", "'" + t.effect() + "' is not an effect;"
          + " use " + new TreeSet<>(Toleration.EFFECTS) + " or leave it out for all");
    }
    boolean exists = "Exists".equals(t.operator());
    if (t.key() == null || t.key().isEmpty()) {
      if (!exists) {
        throw new ValidationException(field + ".key", "is required unless the operator is"
            + " Exists; give the taint key");
      }
    } else {
      requireQualifiedName(field + ".key", t.key(), "a taint key");
    }
    if (exists && t.value() != null && !t.value().isEmpty()) {
      throw new ValidationException(field + ".value", "must be empty with operator Exists;"
          + " remove it or use Equal");
    }
    if (!exists && t.value() != null && !KubernetesLimits.isLabelValue(t.value())) {
      throw new ValidationException(field + ".value", "is not a taint value: "
          + KubernetesLimits.LABEL_VALUE_RULE);
    }
    if (t.tolerationSeconds() != null && !"NoExecute".equals(t.effect())) {
      throw new ValidationException(field + ".tolerationSeconds", "needs effect NoExecute;"
          + " set it or remove tolerationSeconds");
    }
  }

  private static void affinity(String field, String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ValidationException(field, "is not valid JSON; give an object such as"
          + " {\"podAntiAffinity\": {...}}");
    }
    if (tree == null || !tree.isObject()) {
      throw new ValidationException(field, "must be a JSON object with the keys "
          + new TreeSet<>(AFFINITY_KEYS));
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!AFFINITY_KEYS.contains(key)) {
        throw new ValidationException(field + "." + key, "is not a kind of affinity; use "
            + new TreeSet<>(AFFINITY_KEYS));
      }
      if (!tree.get(key).isObject()) {
        throw new ValidationException(field + "." + key, "must be a JSON object as Kubernetes"
            + " reads it");
      }
    }
  }

  /** Refuses a key that is not a Kubernetes qualified name ({@code [prefix/]name}). */
  private static void requireQualifiedName(String field, String key, String what) {
    boolean ok = key != null;
    if (ok) {
      int slash = key.indexOf('/');
      String name = slash < 0 ? key : key.substring(slash + 1);
      String prefix = slash < 0 ? null : key.substring(0, slash);
      ok = name.length() <= 63 && NAME_PART.matcher(name).matches()
          && (prefix == null || KubernetesLimits.isDnsSubdomain(prefix));
    }
    if (!ok) {
      throw new ValidationException(field, "'" + key + "' is not " + what + ": "
          + QUALIFIED_NAME_RULE);
    }
  }
}
