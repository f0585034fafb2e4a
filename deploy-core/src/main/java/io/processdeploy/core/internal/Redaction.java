package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.ServiceSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps secret values out of what is shown: copies with masked values, scrubbed messages. */
public final class Redaction {
  private static final int SHORTEST_SCRUBBED = 3;

  private Redaction() {}

  /** A copy of the application whose descriptor has every secret value masked. */
  public static Application masked(Application app) {
    return app.withDescriptor(masked(app.descriptor()));
  }

  /** A copy of the descriptor with every secret value masked. */
  public static DeploymentDescriptor masked(DeploymentDescriptor d) {
    List<ConnectorConfig> connectors = new ArrayList<>();
    for (ConnectorConfig c : d.connectors()) {
      connectors.add(new ConnectorConfig(c.name(), c.image(), c.kind(),
          Secrets.masked(c.variables())));
    }
    Infrastructure infra = d.infrastructure();
    Map<String, ServiceSettings> services = new TreeMap<>();
    infra.services().forEach((name, s) -> services.put(name, masked(s)));
    return new DeploymentDescriptor(d.name(), d.release(), d.security(), connectors,
        new Infrastructure(masked(infra.global()), services), d.createdAt(), d.createdBy());
  }

  private static ServiceSettings masked(ServiceSettings s) {
    Map<String, Map<String, String>> groups = new TreeMap<>();
    s.variables().forEach((group, values) -> groups.put(group, Secrets.masked(values)));
    return new ServiceSettings(s.image(), groups);
  }

  /** {@code text} with every secret value of the descriptor replaced by {@link Secrets#MASK}. */
  public static String scrub(String text, DeploymentDescriptor d) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<String> secrets = new ArrayList<>();
    for (ConnectorConfig c : d.connectors()) {
      collect(c.variables(), secrets);
    }
    Infrastructure infra = d.infrastructure();
    infra.global().variables().values().forEach(v -> collect(v, secrets));
    infra.services().values().forEach(s -> s.variables().values().forEach(v -> collect(v, secrets)));
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

  private static void collect(Map<String, String> variables, List<String> into) {
    variables.forEach((k, v) -> {
      if (Secrets.isSecret(k) && v != null && v.length() >= SHORTEST_SCRUBBED) {
        into.add(v);
      }
    });
  }
}
