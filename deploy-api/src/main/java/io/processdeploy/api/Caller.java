package io.processdeploy.api;

import java.util.Objects;
import java.util.Set;

/**
 * Who calls an operation: a user name, the groups the user belongs to, and the user's roles.
 * Every operation of the deployment service takes one and checks its roles first.
 *
 * @param name the user name, never blank
 * @param groups the user's groups (used to decide which applications a non-devops caller sees)
 * @param roles the user's roles, e.g. {@code APS_DEVOPS}
 */
public record Caller(String name, Set<String> groups, Set<String> roles) {
  /** Validates and copies. */
  public Caller {
    Objects.requireNonNull(name, "caller name was not specified");
    if (name.isBlank()) {
      throw new ValidationException("caller.name", "must not be blank");
    }
    groups = Set.copyOf(groups == null ? Set.of() : groups);
    roles = Set.copyOf(roles == null ? Set.of() : roles);
  }

  /** A caller with roles and no groups. */
  public static Caller of(String name, String... roles) {
    return new Caller(name, Set.of(), Set.of(roles));
  }

  /** Whether the caller holds {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
