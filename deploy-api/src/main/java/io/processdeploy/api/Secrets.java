package io.processdeploy.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which variables are secret, and masks them wherever values are shown. A secret value
 * goes only into Kubernetes Secrets (never ConfigMaps), and never into logs, events, exception
 * messages or exports unless the caller explicitly asks for it.
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

  /** A sorted copy of {@code variables} with every secret value replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<String, String> variables) {
    Map<String, String> out = new TreeMap<>();
    variables.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }
}
