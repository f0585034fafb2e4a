package io.processdeploy.api;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * One connector as a caller configures it.
 *
 * <pre>{@code
 * ConnectorRequest.outOfTheBox("email-connector",
 *     "{\"EMAIL_HOST\":\"smtp.example.com\",\"SMTP_PASS\":\"...\"}")
 *     .withSecretVariables("SMTP_PASS");
 * }</pre>
 *
 * @param name the connector name the release uses
 * @param image the image of a custom connector; {@code null} for an out-of-the-box one, whose
 *     image comes from the catalog
 * @param variablesJson the connector's variables as a JSON object of scalar values, e.g.
 *     {@code {"EMAIL_HOST":"smtp.example.com","EMAIL_PORT":"8050"}}; {@code null} for none
 * @param secretVariables names of variables that are secret whatever their name (a variable
 *     whose name says so, see {@link Secrets#isSecret(String)}, is secret anyway), sorted
 */
public record ConnectorRequest(String name, String image, String variablesJson,
    Set<String> secretVariables) {
  /** Copies and sorts the declared secret variables. */
  public ConnectorRequest {
    secretVariables = Secrets.declared("connectors[" + name + "].secretVariables",
        secretVariables);
  }

  /** A connector whose secret variables are those whose name says so. */
  public ConnectorRequest(String name, String image, String variablesJson) {
    this(name, image, variablesJson, Set.of());
  }

  /** An out-of-the-box connector: the catalog supplies its image. */
  public static ConnectorRequest outOfTheBox(String name, String variablesJson) {
    return new ConnectorRequest(name, null, variablesJson);
  }

  /** A custom connector published by the user as {@code image}. */
  public static ConnectorRequest custom(String name, String image, String variablesJson) {
    return new ConnectorRequest(name, image, variablesJson);
  }

  /**
   * A copy that also declares {@code names} secret: their values go into a Kubernetes Secret,
   * never a ConfigMap, and are masked or left out wherever values are shown or exported.
   */
  public ConnectorRequest withSecretVariables(String... names) {
    Set<String> all = new TreeSet<>(secretVariables);
    if (names != null) {
      all.addAll(Secrets.declared("connectors[" + name + "].secretVariables",
          Arrays.asList(names)));
    }
    return new ConnectorRequest(name, image, variablesJson, all);
  }

  @Override
  public String toString() {
    return "ConnectorRequest[name=" + name + ", image=" + image + ", variables="
        + (variablesJson == null ? "none" : variablesJson.length() + " chars")
        + ", secretVariables=" + secretVariables + "]";
  }
}
