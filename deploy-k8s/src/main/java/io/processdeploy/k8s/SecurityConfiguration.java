package io.processdeploy.k8s;

import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The format of an application's security ConfigMap
 * ({@link ResourceNames#SECURITY_CONFIG_MAP}), shared with the Helm chart.
 *
 * <p>Four keys, each a JSON array of names in sorted order ({@code []} when there are none),
 * written as Helm's {@code toJson} writes it, as {@link ResourceNames#securityData} writes them:
 * <pre>
 * admins.groups: holders of ACTIVITI_ADMIN by group
 * admins.users:  holders of ACTIVITI_ADMIN by user name
 * users.groups:  holders of ACTIVITI_USER by group
 * users.users:   holders of ACTIVITI_USER by user name
 * </pre>
 * Services that read security mount it as files under {@link #MOUNT_PATH}. Their pod template
 * carries {@link ResourceNames#SECURITY_CHECKSUM_ANNOTATION}: the SHA-256 (hex)
 * of the text {@code key: "value"} per line in the order above, joined by {@code \n}, with
 * values quoted as Go's {@code strconv.Quote} does — exactly what the chart's {@code sha256sum} of
 * its rendered data gives.
 */
public final class SecurityConfiguration {
  /** Where services that read security find the ConfigMap's keys as files. */
  public static final String MOUNT_PATH = "/etc/processdeploy/security";
  /** Key of the admin groups. */
  public static final String ADMIN_GROUPS = ResourceNames.SECURITY_ADMIN_GROUPS;
  /** Key of the admin users. */
  public static final String ADMIN_USERS = ResourceNames.SECURITY_ADMIN_USERS;
  /** Key of the user groups. */
  public static final String USER_GROUPS = ResourceNames.SECURITY_USER_GROUPS;
  /** Key of the user names. */
  public static final String USER_USERS = ResourceNames.SECURITY_USER_USERS;

  private SecurityConfiguration() {}

  /** The ConfigMap data for {@code security}, keys in the documented order. */
  public static Map<String, String> data(Security security) {
    return ResourceNames.securityData(security);
  }

  /** The checksum the pod templates of services that read security carry. */
  public static String checksum(Security security) {
    StringBuilder text = new StringBuilder();
    data(security).forEach((k, v) -> {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(k).append(": ").append(goQuote(v));
    });
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Quotes like Go's {@code strconv.Quote} (what the chart's {@code %q} gives): the short escapes,
   * {@code \\xNN} for other ASCII controls, {@code \\uNNNN} / {@code \\UNNNNNNNN} for code points
   * that Go's {@code unicode.IsPrint} rejects (everything but letters, marks, numbers,
   * punctuation, symbols and the ASCII space).
   */
  static String goQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", c));
          } else if (isGoPrintable(c)) {
            out.appendCodePoint(c);
          } else if (c < 0x10000) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append(String.format("\\U%08x", c));
          }
        }
      }
    });
    return out.append('"').toString();
  }

  private static boolean isGoPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }
}
