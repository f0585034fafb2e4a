package io.processdeploy.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Infrastructure settings for one service, or for all of them.
 *
 * <p>Variables are grouped: {@code postgresql-service} (keys {@code url}, {@code username},
 * {@code password}, {@code jpaDatabasePlatform}) points the application at an external PostgreSQL
 * and turns the bundled database off; {@code env} holds plain environment variables.
 *
 * <pre>{@code
 * new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("DB_PWD", "...")))
 *     .withSecretKeys("DB_PWD");
 * }</pre>
 *
 * @param image an image that replaces the catalog's image of the service, or {@code null}
 * @param variables group name to key to value, sorted
 * @param secretKeys names of variables (in any group) declared secret in the request, sorted; a
 *     variable whose name says so (see {@link Secrets#isSecret(String)}) is secret without being
 *     listed. Keys declared in the global settings are secret for every service.
 */
public record ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables,
    Set<String> secretKeys) {
  /** No override. */
  public static final ServiceSettings NONE = new ServiceSettings(null, Map.of());

  /** Copies deeply and sorts. */
  public ServiceSettings {
    TreeMap<String, Map<String, String>> copy = new TreeMap<>();
    if (variables != null) {
      variables.forEach((group, values) -> copy.put(group,
          Collections.unmodifiableMap(new TreeMap<>(values == null ? Map.of() : values))));
    }
    variables = Collections.unmodifiableMap(copy);
    secretKeys = Secrets.declared("infrastructure.secretKeys", secretKeys);
  }

  /** Settings whose secret variables are those whose name says so. */
  public ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables) {
    this(image, variables, Set.of());
  }

  /** The variables of one group, empty when absent. */
  public Map<String, String> group(String group) {
    return variables.getOrDefault(group, Map.of());
  }

  /** Whether the variable {@code key} is secret here: declared so, or by its name. */
  public boolean isSecret(String key) {
    return Secrets.isSecret(key, secretKeys);
  }

  /**
   * A copy that also declares {@code keys} secret: their values go into a Kubernetes Secret,
   * never a ConfigMap, and are masked or left out wherever values are shown or exported.
   */
  public ServiceSettings withSecretKeys(String... keys) {
    Set<String> all = new TreeSet<>(secretKeys);
    if (keys != null) {
      all.addAll(Secrets.declared("infrastructure.secretKeys", Arrays.asList(keys)));
    }
    return new ServiceSettings(image, variables, all);
  }

  /** A copy with other variables and the same image and declared secret keys. */
  public ServiceSettings withVariables(Map<String, Map<String, String>> newVariables) {
    return new ServiceSettings(image, newVariables, secretKeys);
  }

  @Override
  public String toString() {
    Map<String, Map<String, String>> masked = new TreeMap<>();
    variables.forEach((g, v) -> masked.put(g, Secrets.masked(v, secretKeys)));
    return "ServiceSettings[image=" + image + ", variables=" + masked + ", secretKeys="
        + secretKeys + "]";
  }
}
