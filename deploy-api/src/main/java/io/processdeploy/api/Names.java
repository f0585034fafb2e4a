package io.processdeploy.api;

import java.util.regex.Pattern;

/**
 * The naming rules of the contract, in one place: application names and environment variable
 * names. What Kubernetes itself allows in names, labels and data is in {@link KubernetesLimits}.
 */
public final class Names {
  /** Longest application name: it keeps namespace, Helm release and host names valid. */
  public static final int MAX_APPLICATION_NAME = 26;

  private static final Pattern APPLICATION = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Names() {}

  /**
   * Checks an application name: 1–26 characters of {@code [a-z0-9-]}, starting with a letter and
   * ending with a letter or digit.
   *
   * @return the name
   * @throws ValidationException naming {@code field}
   */
  public static String requireApplicationName(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw new ValidationException(field, "is required; use 1-" + MAX_APPLICATION_NAME
          + " characters of a-z, 0-9 and '-', e.g. 'invoices'");
    }
    if (name.length() > MAX_APPLICATION_NAME) {
      throw new ValidationException(field, "'" + name + "' has " + name.length()
          + " characters; use at most " + MAX_APPLICATION_NAME);
    }
    if (!APPLICATION.matcher(name).matches()) {
      throw new ValidationException(field, "'" + name + "' is not valid; use lowercase letters,"
          + " digits and '-', starting with a letter and ending with a letter or digit");
    }
    return name;
  }

  /** Whether {@code name} is a valid environment variable name ({@code [A-Za-z_][A-Za-z0-9_]*}). */
  public static boolean isEnvironmentVariable(String name) {
    return name != null && ENV.matcher(name).matches();
  }
}
