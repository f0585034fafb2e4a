package io.processdeploy.core.internal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes quantities ({@code 250m}, {@code 1.5}, {@code 512Mi}, {@code 1e3}), parsed the way
 * the API server reads them, so that amounts can be compared.
 */
final class Quantities {
  private static final Pattern QUANTITY = Pattern.compile(
      "([+-]?[0-9]+(\\.[0-9]*)?|[+-]?\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  private Quantities() {}

  /** The amount of a quantity, or {@code null} when it is not one. */
  static BigDecimal parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      return null;
    }
    BigDecimal number = new BigDecimal(m.group(1).startsWith(".") || m.group(1).startsWith("+.")
        || m.group(1).startsWith("-.") ? m.group(1).replace(".", "0.") : m.group(1));
    String suffix = m.group(3);
    if (suffix == null) {
      return number;
    }
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      int exponent = Integer.parseInt(suffix.substring(1));
      if (Math.abs(exponent) > 30) {
        return null;
      }
      return number.scaleByPowerOfTen(exponent);
    }
    return number.multiply(SUFFIXES.get(suffix));
  }
}
