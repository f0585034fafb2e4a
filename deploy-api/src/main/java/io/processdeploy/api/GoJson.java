package io.processdeploy.api;

import java.util.Collection;

/**
 * JSON text exactly as Go's {@code encoding/json} {@code Marshal} writes it, which is what Helm's
 * {@code toJson} template function gives: {@code "} and {@code \} escaped with a backslash,
 * {@code \b \f \n \r \t} as short escapes, other characters below U+0020 and {@code <},
 * {@code >}, {@code &}, U+2028 and U+2029 as {@code \\u00XX} / {@code \\u20XX} escapes (lowercase
 * hex), a lone surrogate as {@code \\ufffd} (Go replaces invalid UTF-8 so), everything else as
 * it is. The security ConfigMap and the Helm chart must give the same bytes, since the security
 * checksum is computed from them.
 */
final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** A JSON array of {@code values}, in their iteration order, without spaces. */
  static String array(Collection<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String value : values) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, value);
    }
    return out.append(']').toString();
  }

  /** Appends {@code value} as a JSON string. */
  static void string(StringBuilder out, String value) {
    out.append('"');
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < length
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }
}
