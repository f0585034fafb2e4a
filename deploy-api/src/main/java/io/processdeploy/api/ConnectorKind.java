package io.processdeploy.api;

/** Where a connector's image comes from. */
public enum ConnectorKind {
  /** From the connector catalog: name and image are filled in automatically. */
  OUT_OF_THE_BOX,
  /** Published by the user, who gives the image. */
  CUSTOM
}
