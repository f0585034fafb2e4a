package io.processdeploy.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Infrastructure settings for one service, or for all of them.
 *
 * <p>Variables are grouped: {@code postgresql-service} (keys {@code url}, {@code username},
 * {@code password}, {@code jpaDatabasePlatform}) points the application at an external PostgreSQL
 * and turns the bundled database off; {@code env} holds plain environment variables.
 *
 * @param image an image that replaces the catalog's image of the service, or {@code null}
 * @param variables group name to key to value, sorted
 */
public record ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables) {
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
  }

  /** The variables of one group, empty when absent. */
  public Map<String, String> group(String group) {
    return variables.getOrDefault(group, Map.of());
  }

  @Override
  public String toString() {
    Map<String, Map<String, String>> masked = new TreeMap<>();
    variables.forEach((g, v) -> masked.put(g, Secrets.masked(v)));
    return "ServiceSettings[image=" + image + ", variables=" + masked + "]";
  }
}
