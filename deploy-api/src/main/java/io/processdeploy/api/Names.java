package io.processdeploy.api;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming rules of the contract, in one place: application names, environment variable names,
 * the names of users and groups, release versions, and the characters a value may hold. What
 * Kubernetes itself allows in names, labels and data is in {@link KubernetesLimits}.
 */
public final class Names {
  /** Longest application name: it keeps namespace, Helm release and host names valid. */
  public static final int MAX_APPLICATION_NAME = 26;

  /** Longest release version: the longest image tag. */
  public static final int MAX_RELEASE_VERSION = 128;
  /**
   * Namespaces an application may not be named after: those Kubernetes itself uses. Every name
   * starting with {@code kube-} or {@code openshift-} is refused as well.
   */
  public static final Set<String> RESERVED_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private static final Pattern RELEASE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static final Pattern APPLICATION = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Names() {}

  /**
   * Checks an application name: 1–26 characters of {@code [a-z0-9-]}, starting with a letter and
   * ending with a letter or digit, and not a namespace Kubernetes uses ({@link
   * #RESERVED_NAMESPACES}, or starting with {@code kube-} or {@code openshift-}), since the
   * application's namespace is named after it.
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
    if (RESERVED_NAMESPACES.contains(name) || name.startsWith("kube-")
        || name.startsWith("openshift-")) {
      throw new ValidationException(field, "'" + name + "' is a namespace Kubernetes uses for"
          + " itself (" + String.join(", ", new java.util.TreeSet<>(RESERVED_NAMESPACES))
          + " and every name starting with kube- or openshift-), and the application's namespace"
          + " is named after it; choose another name");
    }
    return name;
  }

  /**
   * Checks the name of a user or a group given a role: not blank, no surrounding whitespace, no
   * control character, line or paragraph separator, lone surrogate, {@code ','} or {@code '='}
   * (characters that separate names or keys in the configuration of identity providers).
   *
   * @param field the field to name, e.g. {@code security.admins.users[2]}
   * @return the name
   * @throws ValidationException naming {@code field}
   */
  public static String requireMemberName(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException(field, "is blank; remove it");
    }
    if (!name.strip().equals(name)) {
      throw new ValidationException(field, quoted(name) + " starts or ends with whitespace;"
          + " remove it");
    }
    int bad = unsafeCharacter(name);
    for (int i = 0; bad < 0 && i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == ',' || c == '=') {
        bad = i;
      }
    }
    if (bad >= 0) {
      throw new ValidationException(field, quoted(name) + " holds " + describe(name, bad)
          + " at position " + bad + "; user and group names may not hold control characters,"
          + " line separators, ',' or '='");
    }
    return name;
  }

  /**
   * Checks a release version, which names a directory of the application image and its tag:
   * 1–{@value #MAX_RELEASE_VERSION} characters of {@code [A-Za-z0-9._+-]}, starting with a
   * letter or digit.
   *
   * @return the version
   * @throws ValidationException naming {@code field}
   */
  public static String requireReleaseVersion(String field, String version) {
    if (version == null || version.isEmpty()) {
      throw new ValidationException(field, "is empty; give the released version, e.g. 1.0.0");
    }
    if (version.length() > MAX_RELEASE_VERSION) {
      throw new ValidationException(field, "has " + version.length() + " characters; a release"
          + " version has at most " + MAX_RELEASE_VERSION + " (it becomes an image tag)");
    }
    if (!RELEASE_VERSION.matcher(version).matches()) {
      throw new ValidationException(field, quoted(version) + " is not a plain version: use"
          + " letters, digits, '.', '_', '+' and '-', starting with a letter or digit, e.g."
          + " 1.0.0 (it becomes a directory of the application image and its tag)");
    }
    return version;
  }

  /**
   * The position of the first character of {@code value} that a Kubernetes object written as
   * YAML cannot carry as it is (YAML's printable set): a control character other than tab, line
   * feed and carriage return (NUL included), DEL, a C1 control other than NEL, a lone surrogate,
   * U+FFFE or U+FFFF; -1 when there is none.
   */
  public static int unsafeCharacter(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        continue;
      }
      boolean printable = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7e)
          || c == 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
      if (!printable) {
        return i;
      }
    }
    return -1;
  }

  /** The character at {@code index} of {@code text}, as {@code U+XXXX}. */
  public static String describe(String text, int index) {
    return String.format("U+%04X", (int) text.charAt(index));
  }

  private static String quoted(String name) {
    StringBuilder out = new StringBuilder("'");
    for (char c : name.toCharArray()) {
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
          || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** Whether {@code name} is a valid environment variable name ({@code [A-Za-z_][A-Za-z0-9_]*}). */
  public static boolean isEnvironmentVariable(String name) {
    return name != null && ENV.matcher(name).matches();
  }
}
