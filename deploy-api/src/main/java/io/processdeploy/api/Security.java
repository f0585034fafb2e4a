package io.processdeploy.api;

import java.util.Objects;

/**
 * Who may administer and who may use an application. Admins map to the application role
 * {@value #ADMIN_ROLE}, users to {@value #USER_ROLE}. At least one admin (user or group) is
 * required; that is checked by the deployment service so the message can name the field.
 *
 * @param admins holders of {@value #ADMIN_ROLE}
 * @param users holders of {@value #USER_ROLE}
 */
public record Security(Members admins, Members users) {
  /** The application role of admins. */
  public static final String ADMIN_ROLE = "ACTIVITI_ADMIN";
  /** The application role of users. */
  public static final String USER_ROLE = "ACTIVITI_USER";

  /** Copies; null members become empty. */
  public Security {
    admins = Objects.requireNonNullElse(admins, Members.NONE);
    users = Objects.requireNonNullElse(users, Members.NONE);
  }

  /** Whether the caller is an admin or a user of the application. */
  public boolean includes(Caller caller) {
    return admins.includes(caller) || users.includes(caller);
  }
}
