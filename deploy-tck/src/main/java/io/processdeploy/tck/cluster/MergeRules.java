package io.processdeploy.tck.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How server-side apply merges the fields of the built-in kinds, as a real API server's schema
 * says ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
 * {@code x-kubernetes-map-type}), by field name:
 *
 * <ul>
 *   <li>lists merged per item, by key: {@code containers}, {@code initContainers},
 *       {@code ephemeralContainers}, {@code env}, {@code volumes}, {@code imagePullSecrets} by
 *       {@code name}; {@code volumeMounts} by {@code mountPath}; {@code ports} by
 *       {@code containerPort} or {@code port}, and {@code protocol} (TCP when absent);
 *       {@code ownerReferences} by {@code uid};
 *   <li>lists merged as sets of values: {@code finalizers};
 *   <li>maps replaced whole: {@code selector};
 *   <li>every other list is replaced whole, every other map merged per key.
 * </ul>
 */
final class MergeRules {
  private static final Map<String, List<String>> LIST_KEYS = Map.of(
      "containers", List.of("name"),
      "initContainers", List.of("name"),
      "ephemeralContainers", List.of("name"),
      "env", List.of("name"),
      "volumes", List.of("name"),
      "imagePullSecrets", List.of("name"),
      "volumeMounts", List.of("mountPath"),
      "ownerReferences", List.of("uid"));
  private static final List<String> CONTAINER_PORT_KEY = List.of("containerPort", "protocol");
  private static final List<String> SERVICE_PORT_KEY = List.of("port", "protocol");
  private static final Set<String> SET_LISTS = Set.of("finalizers");
  private static final Set<String> ATOMIC_MAPS = Set.of("selector");

  private MergeRules() {}

  /** Whether the list {@code field} is merged per item, by key. */
  static boolean isKeyedList(String field) {
    return "ports".equals(field) || LIST_KEYS.containsKey(field);
  }

  /** Whether the list {@code field} is merged as a set of values. */
  static boolean isSet(String field) {
    return SET_LISTS.contains(field);
  }

  /** Whether the map {@code field} is replaced whole rather than merged per key. */
  static boolean isAtomicMap(String field) {
    return ATOMIC_MAPS.contains(field);
  }

  /**
   * The key of {@code item} in the keyed list {@code field}, e.g. {@code {name=web}}; null when
   * the item is no map.
   */
  static Map<String, Object> key(String field, Object item) {
    if (!(item instanceof Map<?, ?> map)) {
      return null;
    }
    List<String> names = LIST_KEYS.get(field);
    if (names == null) {
      names = map.containsKey("containerPort") ? CONTAINER_PORT_KEY : SERVICE_PORT_KEY;
    }
    Map<String, Object> key = new LinkedHashMap<>();
    for (String name : names) {
      Object value = map.get(name);
      key.put(name, value == null && "protocol".equals(name) ? "TCP" : value);
    }
    return key;
  }
}
