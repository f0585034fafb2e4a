package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields one manager set by server-side apply, as paths in the notation of
 * {@code metadata.managedFields[].fieldsV1}: {@code f:<field>} for a field, {@code k:<key>} for
 * an item of a keyed list (with {@code .} for the item itself), {@code v:<value>} for a value of
 * a set. A path ends at a value the manager set: a scalar, a list replaced whole, or a map
 * replaced whole or empty. The identity of an object (apiVersion, kind, name, namespace) is no
 * field of it.
 */
final class FieldSet {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String ITEM = ".";

  private final Set<List<String>> paths;

  private FieldSet(Set<List<String>> paths) {
    this.paths = paths;
  }

  /** No fields. */
  static FieldSet empty() {
    return new FieldSet(Set.of());
  }

  /** The fields an applied configuration sets. */
  static FieldSet of(Map<String, Object> applied) {
    Set<List<String>> out = new LinkedHashSet<>();
    applied.forEach((field, value) -> {
      if (!"apiVersion".equals(field) && !"kind".equals(field)) {
        collect(value, field, List.of("f:" + field), out);
      }
    });
    return new FieldSet(out);
  }

  /** The fields a {@code fieldsV1} tree lists. */
  static FieldSet fromFieldsV1(Object fieldsV1) {
    Set<List<String>> out = new LinkedHashSet<>();
    decode(fieldsV1, List.of(), out);
    return new FieldSet(out);
  }

  /** These fields as a {@code fieldsV1} tree. */
  Map<String, Object> toFieldsV1() {
    Map<String, Object> root = new LinkedHashMap<>();
    for (List<String> path : paths) {
      Map<String, Object> node = root;
      for (String element : path) {
        node = JsonTrees.map(node.computeIfAbsent(element, k -> new LinkedHashMap<>()));
      }
    }
    return root;
  }

  /** These fields and those of {@code other}. */
  FieldSet plus(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(paths);
    out.addAll(other.paths);
    return new FieldSet(out);
  }

  /** These fields but those of {@code other}. */
  FieldSet minus(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(paths);
    out.removeAll(other.paths);
    return new FieldSet(out);
  }

  /**
   * Removes these fields from {@code object}, but those {@code keep} holds (an item of a keyed
   * list stays while {@code keep} holds a field of it), and the maps and lists left empty by that
   * unless {@code keep} holds a field in them.
   */
  void removeFrom(Map<String, Object> object, FieldSet keep) {
    for (List<String> path : paths) {
      List<String> target = path.get(path.size() - 1).equals(ITEM)
          ? path.subList(0, path.size() - 1) : path;
      List<Object> chain = chain(object, target);
      if (chain == null || keep.holdsFieldIn(target)) {
        continue;
      }
      int last = target.size() - 1;
      removeElement(chain.get(last), target, last);
      for (int i = last; i > 0; i--) {
        Object container = chain.get(i);
        if (!JsonTrees.isEmpty(container) || keep.holdsFieldIn(target.subList(0, i))) {
          break;
        }
        removeElement(chain.get(i - 1), target, i - 1);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && paths.equals(other.paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return paths.toString();
  }

  private boolean holdsFieldIn(List<String> prefix) {
    return paths.stream().anyMatch(p -> p.size() >= prefix.size()
        && p.subList(0, prefix.size()).equals(prefix));
  }

  private static void collect(Object value, String field, List<String> path,
      Set<List<String>> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty() && !MergeRules.isAtomicMap(field)) {
      boolean metadata = path.equals(List.of("f:metadata"));
      JsonTrees.map(map).forEach((name, child) -> {
        if (child != null && !(metadata && ("name".equals(name) || "namespace".equals(name)))) {
          collect(child, name, append(path, "f:" + name), out);
        }
      });
    } else if (value instanceof List<?> list && !list.isEmpty()
        && MergeRules.isKeyedList(field) && list.stream().allMatch(i -> i instanceof Map)) {
      for (Object item : list) {
        List<String> itemPath = append(path, "k:" + JSON.asJson(MergeRules.key(field, item)));
        out.add(append(itemPath, ITEM));
        JsonTrees.map(item).forEach((name, child) -> {
          if (child != null) {
            collect(child, name, append(itemPath, "f:" + name), out);
          }
        });
      }
    } else if (value instanceof List<?> list && !list.isEmpty() && MergeRules.isSet(field)) {
      list.forEach(v -> out.add(append(path, "v:" + JSON.asJson(v))));
    } else {
      out.add(path);
    }
  }

  private static void decode(Object node, List<String> path, Set<List<String>> out) {
    Map<String, Object> map = JsonTrees.map(node);
    if (map.isEmpty()) {
      if (!path.isEmpty()) {
        out.add(path);
      }
      return;
    }
    map.forEach((element, child) -> decode(child, append(path, element), out));
  }

  /** The containers along {@code path}, from the object to the value; null when one is absent. */
  private static List<Object> chain(Object object, List<String> path) {
    List<Object> chain = new ArrayList<>();
    chain.add(object);
    Object node = object;
    for (int i = 0; i < path.size(); i++) {
      node = child(node, path, i);
      if (node == null) {
        return null;
      }
      chain.add(node);
    }
    return chain;
  }

  private static Object child(Object parent, List<String> path, int i) {
    String element = path.get(i);
    if (element.startsWith("f:") && parent instanceof Map<?, ?> map) {
      return map.get(element.substring(2));
    }
    if (parent instanceof List<?> list) {
      return list.stream().filter(item -> matches(item, path, i)).findFirst().orElse(null);
    }
    return null;
  }

  private static void removeElement(Object parent, List<String> path, int i) {
    String element = path.get(i);
    if (element.startsWith("f:") && parent instanceof Map<?, ?> map) {
      map.remove(element.substring(2));
    } else if (parent instanceof List<?> list) {
      list.removeIf(item -> matches(item, path, i));
    }
  }

  /** Whether a list item is the one {@code path.get(i)} names ({@code k:} or {@code v:}). */
  private static boolean matches(Object item, List<String> path, int i) {
    String element = path.get(i);
    if (element.startsWith("v:")) {
      return element.equals("v:" + JSON.asJson(item));
    }
    if (element.startsWith("k:") && i > 0 && path.get(i - 1).startsWith("f:")) {
      Map<String, Object> key = MergeRules.key(path.get(i - 1).substring(2), item);
      return key != null && element.equals("k:" + JSON.asJson(key));
    }
    return false;
  }

  private static List<String> append(List<String> path, String element) {
    List<String> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(element);
    return List.copyOf(out);
  }
}
