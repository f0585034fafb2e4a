package io.processdeploy.api;

import java.util.Objects;

/** Input was refused before anything was stored or created. {@link #field()} names the input. */
public class ValidationException extends DeploymentException {
  private static final long serialVersionUID = 1L;
  /** @serial the offending input's path */
  private final String field;

  /**
   * @param field the offending input, as a path such as {@code connectors[email].variables}
   * @param problem what is wrong and how to fix it
   */
  public ValidationException(String field, String problem) {
    super(Objects.requireNonNull(field, "field") + ": " + problem);
    this.field = field;
  }

  /** The offending input, e.g. {@code name} or {@code security.admins}. */
  public String field() {
    return field;
  }
}
