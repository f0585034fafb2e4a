package io.processdeploy.core.internal;

import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Caller;
import java.util.Objects;

/** The role check every operation starts with. */
public final class Access {
  private final String devopsRole;

  /** Checks for {@code devopsRole}. */
  public Access(String devopsRole) {
    this.devopsRole = devopsRole;
  }

  /** Whether the caller holds the devops role. */
  public boolean isDevops(Caller caller) {
    return caller.hasRole(devopsRole);
  }

  /**
   * Refuses a caller without the devops role.
   *
   * @param operation what the caller tried, e.g. "deploy applications"
   * @throws AccessDeniedException naming the caller and the role
   */
  public void requireDevops(Caller caller, String operation) {
    Objects.requireNonNull(caller, "caller was not specified");
    if (!isDevops(caller)) {
      throw new AccessDeniedException("user '" + caller.name() + "' may not " + operation
          + ": that needs the role " + devopsRole + "; ask an administrator to grant it");
    }
  }
}
