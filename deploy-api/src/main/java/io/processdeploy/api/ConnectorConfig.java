package io.processdeploy.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One connector of an application, as stored in its descriptor.
 *
 * @param name the connector name used by the release's service tasks ({@code <name>.<action>})
 * @param image the connector image
 * @param kind out-of-the-box or custom
 * @param variables environment variables for the connector, sorted; secret ones (see
 *     {@link Secrets#isSecret(String)}) are masked in {@link #toString()}
 */
public record ConnectorConfig(String name, ImageReference image, ConnectorKind kind,
    Map<String, String> variables) {
  /** Validates and copies. */
  public ConnectorConfig {
    if (name == null || name.isBlank()) {
      throw new ValidationException("connectors[].name", "is required");
    }
    Objects.requireNonNull(image, "image was not specified");
    Objects.requireNonNull(kind, "kind was not specified");
    variables = java.util.Collections.unmodifiableMap(new TreeMap<>(
        variables == null ? Map.of() : variables));
  }

  @Override
  public String toString() {
    return "ConnectorConfig[name=" + name + ", image=" + image + ", kind=" + kind
        + ", variables=" + Secrets.masked(variables) + "]";
  }
}
