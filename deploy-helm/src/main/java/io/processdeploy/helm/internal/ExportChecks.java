package io.processdeploy.helm.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a plan must satisfy to become a chart, checked before anything is written: service names
 * that are valid Kubernetes names and Helm aliases and do not collide with the values keys the
 * chart uses itself, environment keys that ConfigMaps and Secrets accept, and a chart location
 * that Helm understands.
 */
public final class ExportChecks {
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final int MAX_SERVICE_NAME = 63; // a Service name is a DNS-1035 label
  private static final int MAX_LABEL_VALUE = 63;
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Set<String> RESERVED =
      Set.of(ValuesFactory.GLOBAL, "tags", ShippedChart.APPLICATION);

  private ExportChecks() {}

  /**
   * Checks the plan and the options.
   *
   * @throws ValidationException naming the offending field and what to change
   */
  public static void check(ApplicationPlan plan, ExportOptions options) {
    for (ServicePlan service : plan.services()) {
      String field = "services[" + service.name() + "]";
      if (!SERVICE_NAME.matcher(service.name()).matches()
          || service.name().length() > MAX_SERVICE_NAME) {
        throw new ValidationException(field + ".name", "'" + service.name() + "' cannot name"
            + " Kubernetes objects; use at most " + MAX_SERVICE_NAME + " characters of a-z, 0-9"
            + " and '-', starting with a letter and ending with a letter or digit");
      }
      String instance = plan.name() + "-" + service.name();
      if (instance.length() > MAX_LABEL_VALUE) {
        throw new ValidationException(field + ".name", "'" + service.name() + "' makes the"
            + " label app.kubernetes.io/instance '" + instance + "' longer than "
            + MAX_LABEL_VALUE + " characters; shorten the service or application name");
      }
      if (RESERVED.contains(service.name())) {
        throw new ValidationException(field + ".name", "'" + service.name() + "' is a values key"
            + " of the chart itself; rename the service");
      }
      checkKeys(field + ".env", service.env());
      checkKeys(field + ".secretEnv", service.secretEnv());
    }
    checkLocation(options.chartLocation());
  }

  private static void checkKeys(String field, Map<String, String> variables) {
    for (String key : variables.keySet()) {
      if (!CONFIG_KEY.matcher(key).matches()) {
        throw new ValidationException(field, "'" + key + "' is not a valid ConfigMap or Secret"
            + " key; use letters, digits, '-', '_' and '.'");
      }
    }
  }

  private static void checkLocation(ChartLocation location) {
    String url = location.url();
    switch (location.kind()) {
      case VENDORED -> {
        if (!url.isEmpty()) {
          throw new ValidationException("chartLocation.url", "must be empty for a vendored chart;"
              + " use ChartLocation.vendored()");
        }
      }
      case REPOSITORY -> {
        if (!(url.startsWith("https://") || url.startsWith("http://")) || url.length() < 9
            || url.chars().anyMatch(Character::isWhitespace)) {
          throw new ValidationException("chartLocation.url", "'" + url + "' is not a Helm"
              + " repository URL; give one like https://charts.example.com");
        }
      }
      case OCI -> {
        if (!url.startsWith("oci://") || url.length() < 7
            || url.chars().anyMatch(Character::isWhitespace)) {
          throw new ValidationException("chartLocation.url", "'" + url + "' is not an OCI"
              + " reference; give one like oci://registry.example.com/charts");
        }
      }
      default -> throw new IllegalStateException("unknown chart location " + location.kind());
    }
  }
}
