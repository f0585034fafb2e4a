package io.processdeploy.api;

import java.util.Locale;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which variables are secret, and masks them wherever values are shown. A variable is
 * secret when the request declares it so (see {@link ConnectorRequest#withSecretVariables} and
 * {@link ServiceSettings#withSecretKeys}) or, by default, when its name says so
 * ({@link #isSecret(String)}). A secret value goes only into Kubernetes Secrets (never
 * ConfigMaps), and never into logs, events, exception messages, exports or returned objects
 * unless the caller explicitly asks for it.
 */
public final class Secrets {
  /** What a masked value is replaced with. */
  public static final String MASK = "******";

  private static final String[] MARKERS = {
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE_KEY", "API_KEY", "APIKEY"
  };

  private Secrets() {}

  /**
   * Whether a variable of this name holds a secret: its name contains PASSWORD, PASSWD, SECRET,
   * TOKEN, CREDENTIAL, PRIVATE_KEY, API_KEY or APIKEY, in any case.
   */
  public static boolean isSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    for (String marker : MARKERS) {
      if (upper.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a variable is secret: {@code declared} names it, or its name says so
   * ({@link #isSecret(String)}).
   */
  public static boolean isSecret(String name, Set<String> declared) {
    return declared.contains(name) || isSecret(name);
  }

  /** A sorted copy of {@code variables} with every secret value replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<String, String> variables) {
    return masked(variables, Set.of());
  }

  /**
   * A sorted copy of {@code variables} with the value of every variable that is secret by name
   * or declared secret in {@code declared} replaced by {@link #MASK}.
   */
  public static Map<String, String> masked(Map<String, String> variables, Set<String> declared) {
    Map<String, String> out = new TreeMap<>();
    variables.forEach((k, v) -> out.put(k, isSecret(k, declared) ? MASK : v));
    return out;
  }

  /**
   * A sorted, unmodifiable copy of declared secret keys; {@code null} gives an empty set.
   *
   * @param field the request field the keys come from, for the exception
   * @throws ValidationException when a key is {@code null} or blank
   */
  static Set<String> declared(String field, Collection<String> keys) {
    if (keys == null || keys.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (String key : keys) {
      if (key == null || key.isBlank()) {
        throw new ValidationException(field, "holds a blank variable name; name each secret"
            + " variable, e.g. \"SMTP_PASS\"");
      }
      out.add(key);
    }
    return Collections.unmodifiableSet(out);
  }
}
