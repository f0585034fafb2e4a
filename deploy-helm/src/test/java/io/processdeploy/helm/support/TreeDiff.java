package io.processdeploy.helm.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** The paths where two JSON-like trees (maps, lists, scalars) differ, for readable failures. */
public final class TreeDiff {
  private TreeDiff() {}

  /** Every differing path with both values, e.g. {@code spec.replicas: 2 != 1}; empty if equal. */
  public static List<String> differences(Object actual, Object expected) {
    List<String> out = new ArrayList<>();
    diff("", actual, expected, out);
    return out;
  }

  private static void diff(String path, Object actual, Object expected, List<String> out) {
    if (actual instanceof Map<?, ?> a && expected instanceof Map<?, ?> e) {
      TreeSet<String> keys = new TreeSet<>();
      a.keySet().forEach(k -> keys.add(String.valueOf(k)));
      e.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String key : keys) {
        diff(path.isEmpty() ? key : path + "." + key, a.get(key), e.get(key), out);
      }
    } else if (actual instanceof List<?> a && expected instanceof List<?> e) {
      for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
        diff(path + "[" + i + "]", i < a.size() ? a.get(i) : null,
            i < e.size() ? e.get(i) : null, out);
      }
    } else if (!Objects.equals(normalize(actual), normalize(expected))) {
      out.add(path + ": " + actual + " != " + expected);
    }
  }

  private static Object normalize(Object value) {
    return value instanceof Number n ? (Object) n.longValue() : value;
  }
}
