package io.processdeploy.api;

/** The role a service plays in an application. */
public enum ServiceKind {
  /** Runs the release's processes; its image holds the release content. */
  RUNTIME_BUNDLE,
  /** Serves queries over process data. */
  QUERY,
  /** One connector called by service tasks. */
  CONNECTOR,
  /** A user interface (Process Workspace, Content App). */
  UI,
  /** The bundled PostgreSQL database, present only when no external one is configured. */
  DATABASE
}
