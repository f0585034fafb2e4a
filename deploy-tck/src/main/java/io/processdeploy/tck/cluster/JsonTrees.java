package io.processdeploy.tck.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Objects as JSON trees: maps, lists and scalars, as Jackson reads them into {@link Object}. */
final class JsonTrees {
  private JsonTrees() {}

  /** {@code node} as a map; an empty map when it is none. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map ? (Map<String, Object>) node : Map.of();
  }

  /** Whether {@code node} is an empty map or an empty list. */
  static boolean isEmpty(Object node) {
    return node instanceof Map<?, ?> m && m.isEmpty() || node instanceof List<?> l && l.isEmpty();
  }

  /** A deep, mutable copy of {@code node}. */
  static Object copy(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, copy(v)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(copy(v)));
      return out;
    }
    return node;
  }
}
