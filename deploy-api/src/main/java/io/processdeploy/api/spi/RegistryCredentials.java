package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * A user name and password (or token) for one registry. {@link #toString()} never shows the
 * password.
 *
 * @param username the user
 * @param password the password or token
 */
public record RegistryCredentials(String username, String password) {
  /** Validates. */
  public RegistryCredentials {
    Objects.requireNonNull(username, "username was not specified");
    Objects.requireNonNull(password, "password was not specified");
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=******]";
  }
}
