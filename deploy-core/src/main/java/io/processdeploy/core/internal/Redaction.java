package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.Revision;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImagePullSecret;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.RegistryCredentials;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Keeps secret values out of what is shown: copies with masked values, scrubbed messages. */
public final class Redaction {
  private static final int SHORTEST_SCRUBBED = 3;

  private Redaction() {}

  /**
   * A copy of the application whose descriptor, and the descriptor of each of its revisions,
   * has every secret value masked.
   */
  public static Application masked(Application app) {
    return app.withDescriptor(masked(app.descriptor()))
        .withRevisions(app.revisions().stream().map(Redaction::masked).toList());
  }

  /** A copy of the revision whose descriptor has every secret value masked. */
  public static Revision masked(Revision revision) {
    return revision.withDescriptor(masked(revision.descriptor()));
  }

  /** A copy of the descriptor with every secret value masked. */
  public static DeploymentDescriptor masked(DeploymentDescriptor d) {
    List<ConnectorConfig> connectors = new ArrayList<>();
    for (ConnectorConfig c : d.connectors()) {
      connectors.add(c.withVariables(Secrets.masked(c.variables(), c.secretKeys())));
    }
    Infrastructure infra = d.infrastructure();
    Map<String, ServiceSettings> services = new TreeMap<>();
    infra.services().forEach((name, s) -> services.put(name, masked(s, infra.global())));
    return new DeploymentDescriptor(d.name(), d.release(), d.security(), connectors,
        infra.withServices(masked(infra.global(), infra.global()), services), d.createdAt(),
        d.createdBy());
  }

  /**
   * A copy of the plan whose descriptor has every secret value masked, whose services' secret
   * environments keep their keys with masked values, and whose pull secret has its password
   * masked.
   */
  public static ApplicationPlan masked(ApplicationPlan plan) {
    List<ServicePlan> services = new ArrayList<>();
    for (ServicePlan s : plan.services()) {
      Map<String, String> secretEnv = new TreeMap<>();
      s.secretEnv().keySet().forEach(key -> secretEnv.put(key, Secrets.MASK));
      services.add(s.withSecretEnv(secretEnv));
    }
    return new ApplicationPlan(plan.name(), plan.namespace(), masked(plan.descriptor()),
        plan.projectName(), services, plan.imagePullSecret().map(p -> new ImagePullSecret(
            p.name(), p.registry(), new RegistryCredentials(p.credentials().username(),
                Secrets.MASK))).orElse(null));
  }

  private static ServiceSettings masked(ServiceSettings s, ServiceSettings global) {
    Map<String, Map<String, String>> groups = new TreeMap<>();
    s.variables().forEach((group, values) -> {
      Map<String, String> out = new TreeMap<>();
      values.forEach((k, v) -> out.put(k, s.isSecret(k) || global.isSecret(k) ? Secrets.MASK
          : v));
      groups.put(group, out);
    });
    return s.withVariables(groups);
  }

  /** {@code text} with every secret value of the descriptor replaced by {@link Secrets#MASK}. */
  public static String scrub(String text, DeploymentDescriptor d) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<String> secrets = new ArrayList<>();
    for (ConnectorConfig c : d.connectors()) {
      collect(c.variables(), c.secretKeys(), secrets);
    }
    Infrastructure infra = d.infrastructure();
    Set<String> global = infra.global().secretKeys();
    infra.global().variables().values().forEach(v -> collect(v, global, secrets));
    infra.services().values().forEach(s -> s.variables().values().forEach(v -> collect(v,
        union(global, s.secretKeys()), secrets)));
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, Secrets.MASK);
    }
    return out;
  }

  /**
   * A copy of {@code e} and its causes, for logging, whose messages have the descriptor's secret
   * values masked; stack traces are kept.
   */
  public static Throwable scrubbed(Throwable e, DeploymentDescriptor d) {
    return scrubbed(e, d, 0);
  }

  private static Throwable scrubbed(Throwable e, DeploymentDescriptor d, int depth) {
    String message = e.getMessage() == null ? e.getClass().getName()
        : e.getClass().getName() + ": " + (d == null ? e.getMessage() : scrub(e.getMessage(), d));
    Scrubbed copy = new Scrubbed(message);
    copy.setStackTrace(e.getStackTrace());
    Throwable cause = e.getCause();
    if (cause != null && cause != e && depth < 8) {
      copy.initCause(scrubbed(cause, d, depth + 1));
    }
    return copy;
  }

  /** Stands in for a logged exception whose message was scrubbed. */
  private static final class Scrubbed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Scrubbed(String message) {
      super(message);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static void collect(Map<String, String> variables, Set<String> declared,
      List<String> into) {
    variables.forEach((k, v) -> {
      if (Secrets.isSecret(k, declared) && v != null && v.length() >= SHORTEST_SCRUBBED) {
        into.add(v);
      }
    });
  }
}
