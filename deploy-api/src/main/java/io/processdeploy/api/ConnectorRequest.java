package io.processdeploy.api;

/**
 * One connector as a caller configures it.
 *
 * @param name the connector name the release uses
 * @param image the image of a custom connector; {@code null} for an out-of-the-box one, whose
 *     image comes from the catalog
 * @param variablesJson the connector's variables as a JSON object of scalar values, e.g.
 *     {@code {"EMAIL_HOST":"smtp.example.com","EMAIL_PORT":"8050"}}; {@code null} for none
 */
public record ConnectorRequest(String name, String image, String variablesJson) {
  /** An out-of-the-box connector: the catalog supplies its image. */
  public static ConnectorRequest outOfTheBox(String name, String variablesJson) {
    return new ConnectorRequest(name, null, variablesJson);
  }

  /** A custom connector published by the user as {@code image}. */
  public static ConnectorRequest custom(String name, String image, String variablesJson) {
    return new ConnectorRequest(name, image, variablesJson);
  }

  @Override
  public String toString() {
    return "ConnectorRequest[name=" + name + ", image=" + image + ", variables="
        + (variablesJson == null ? "none" : variablesJson.length() + " chars") + "]";
  }
}
