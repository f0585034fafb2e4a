package io.processdeploy.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * Users and groups holding one application role.
 *
 * @param users user names, sorted
 * @param groups group names, sorted
 */
public record Members(Set<String> users, Set<String> groups) {
  /** An empty set of members. */
  public static final Members NONE = new Members(Set.of(), Set.of());

  /**
   * Refuses blank names and copies (sorted, so that output is stable). Names are kept as given;
   * the deployment service checks them further ({@link Names#requireMemberName}).
   */
  public Members {
    users = sortedCopy("users", users);
    groups = sortedCopy("groups", groups);
  }

  /** Members made of users only. */
  public static Members users(String... users) {
    return new Members(Set.of(users), Set.of());
  }

  /** Members made of groups only. */
  public static Members groups(String... groups) {
    return new Members(Set.of(), Set.of(groups));
  }

  /** Whether there is no user and no group. */
  public boolean isEmpty() {
    return users.isEmpty() && groups.isEmpty();
  }

  /** Whether the caller is one of the users or belongs to one of the groups. */
  public boolean includes(Caller caller) {
    return users.contains(caller.name()) || caller.groups().stream().anyMatch(groups::contains);
  }

  private static Set<String> sortedCopy(String field, Set<String> in) {
    TreeSet<String> out = new TreeSet<>();
    if (in != null) {
      for (String s : in) {
        if (s == null || s.isBlank()) {
          throw new ValidationException(field, "contains a blank name; remove it");
        }
        out.add(s);
      }
    }
    return java.util.Collections.unmodifiableSet(out);
  }
}
