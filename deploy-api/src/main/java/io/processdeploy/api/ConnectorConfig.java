package io.processdeploy.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One connector of an application, as stored in its descriptor.
 *
 * @param name the connector name used by the release's service tasks ({@code <name>.<action>})
 * @param image the connector image
 * @param kind out-of-the-box or custom
 * @param variables environment variables for the connector, sorted; secret ones (see
 *     {@link #isSecret(String)}) are masked in {@link #toString()}
 * @param secretKeys names of variables declared secret in the request, sorted; a variable whose
 *     name says so (see {@link Secrets#isSecret(String)}) is secret without being listed
 */
public record ConnectorConfig(String name, ImageReference image, ConnectorKind kind,
    Map<String, String> variables, Set<String> secretKeys) {
  /** Validates and copies. */
  public ConnectorConfig {
    if (name == null || name.isBlank()) {
      throw new ValidationException("connectors[].name", "is required");
    }
    Objects.requireNonNull(image, "image was not specified");
    Objects.requireNonNull(kind, "kind was not specified");
    variables = java.util.Collections.unmodifiableMap(new TreeMap<>(
        variables == null ? Map.of() : variables));
    secretKeys = Secrets.declared("connectors[" + name + "].secretVariables", secretKeys);
  }

  /** A connector whose secret variables are those whose name says so. */
  public ConnectorConfig(String name, ImageReference image, ConnectorKind kind,
      Map<String, String> variables) {
    this(name, image, kind, variables, Set.of());
  }

  /** Whether the variable {@code key} is secret: declared so, or by its name. */
  public boolean isSecret(String key) {
    return Secrets.isSecret(key, secretKeys);
  }

  /** A copy with other variables and the same declared secret keys. */
  public ConnectorConfig withVariables(Map<String, String> newVariables) {
    return new ConnectorConfig(name, image, kind, newVariables, secretKeys);
  }

  @Override
  public String toString() {
    return "ConnectorConfig[name=" + name + ", image=" + image + ", kind=" + kind
        + ", variables=" + Secrets.masked(variables, secretKeys) + ", secretKeys=" + secretKeys
        + "]";
  }
}
