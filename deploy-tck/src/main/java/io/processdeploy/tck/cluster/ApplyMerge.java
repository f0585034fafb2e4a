package io.processdeploy.tck.cluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Server-side apply of one applied configuration to one stored object, both as JSON trees, with
 * the merge rules of {@link MergeRules}:
 *
 * <ul>
 *   <li>what the configuration sets is set; maps and keyed lists are merged, so fields, items,
 *       labels and annotations others set are kept;
 *   <li>what the manager applied last time and applies no more is removed, unless another
 *       applier holds it too (the manager's fields are recorded in {@code metadata.managedFields},
 *       operation {@code Apply});
 *   <li>status and the fields the server assigns (uid, resourceVersion, generation, creation
 *       time, managedFields) are never taken from the configuration.
 * </ul>
 *
 * <p>Fields other writers set by update are not tracked: an apply keeps them and never conflicts
 * with them, as a forced apply would.
 */
final class ApplyMerge {
  private static final Set<String> SERVER_METADATA = Set.of("uid", "resourceVersion",
      "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
      "managedFields", "selfLink");

  private ApplyMerge() {}

  /**
   * The object after {@code manager} applied {@code applied}: {@code stored} itself (the same
   * instance) when nothing changes, else a new tree; a new object when {@code stored} is null.
   */
  static Map<String, Object> apply(Map<String, Object> stored, Map<String, Object> applied,
      String manager, Instant now) {
    Map<String, Object> config = configuration(applied);
    FieldSet fields = FieldSet.of(config);
    String apiVersion = (String) config.get("apiVersion");
    if (stored == null) {
      recordFields(config, manager, apiVersion, fields, timestamp(now));
      return config;
    }
    Map<String, Object> entry = entry(stored, manager);
    FieldSet before = entry == null ? FieldSet.empty()
        : FieldSet.fromFieldsV1(entry.get("fieldsV1"));
    FieldSet others = FieldSet.empty();
    for (Map<String, Object> e : managedFields(stored)) {
      if (e != entry && "Apply".equals(e.get("operation"))) {
        others = others.plus(FieldSet.fromFieldsV1(e.get("fieldsV1")));
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> merged = (Map<String, Object>) JsonTrees.copy(stored);
    mergeInto(merged, config);
    before.minus(fields).removeFrom(merged, fields.plus(others));
    boolean sameFields = entry != null && before.equals(fields);
    if (sameFields && merged.equals(stored)) {
      return stored;
    }
    Object time = sameFields && entry.get("time") != null ? entry.get("time") : timestamp(now);
    recordFields(merged, manager, apiVersion, fields, time);
    return merged;
  }

  /** The configuration without status and without what the server assigns. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> configuration(Map<String, Object> applied) {
    Map<String, Object> config = (Map<String, Object>) JsonTrees.copy(applied);
    config.remove("status");
    config.values().removeIf(Objects::isNull);
    if (config.get("metadata") instanceof Map<?, ?> metadata) {
      metadata.keySet().removeAll(SERVER_METADATA);
    }
    return config;
  }

  private static void mergeInto(Map<String, Object> target, Map<String, Object> config) {
    config.forEach((field, value) -> {
      if (value != null) {
        target.put(field, merged(target.get(field), value, field));
      }
    });
  }

  private static Object merged(Object stored, Object applied, String field) {
    if (stored instanceof Map<?, ?> && applied instanceof Map<?, ?>
        && !MergeRules.isAtomicMap(field)) {
      Map<String, Object> target = JsonTrees.map(stored);
      mergeInto(target, JsonTrees.map(applied));
      return target;
    }
    if (stored instanceof List<?> items && applied instanceof List<?> config) {
      if (MergeRules.isKeyedList(field)) {
        return mergedByKey(items, config, field);
      }
      if (MergeRules.isSet(field)) {
        List<Object> out = new ArrayList<>(items);
        config.stream().filter(v -> !out.contains(v)).forEach(out::add);
        return out;
      }
    }
    return JsonTrees.copy(applied);
  }

  /** The applied items, merged into the stored ones of the same key; then the other stored ones. */
  private static List<Object> mergedByKey(List<?> stored, List<?> applied, String field) {
    List<Object> rest = new ArrayList<>(stored);
    List<Object> out = new ArrayList<>();
    for (Object item : applied) {
      Map<String, Object> key = MergeRules.key(field, item);
      Object match = key == null ? null : rest.stream()
          .filter(s -> key.equals(MergeRules.key(field, s))).findFirst().orElse(null);
      if (match == null) {
        out.add(JsonTrees.copy(item));
      } else {
        rest.remove(match);
        out.add(merged(match, item, ""));
      }
    }
    out.addAll(rest);
    return out;
  }

  private static List<Map<String, Object>> managedFields(Map<String, Object> object) {
    Object list = JsonTrees.map(object.get("metadata")).get("managedFields");
    List<Map<String, Object>> out = new ArrayList<>();
    if (list instanceof List<?> entries) {
      entries.forEach(e -> out.add(JsonTrees.map(e)));
    }
    return out;
  }

  private static Map<String, Object> entry(Map<String, Object> object, String manager) {
    return managedFields(object).stream()
        .filter(e -> manager.equals(e.get("manager")) && "Apply".equals(e.get("operation")))
        .findFirst().orElse(null);
  }

  private static void recordFields(Map<String, Object> object, String manager, String apiVersion,
      FieldSet fields, Object time) {
    List<Map<String, Object>> entries = managedFields(object);
    entries.removeIf(e -> manager.equals(e.get("manager")) && "Apply".equals(e.get("operation")));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("apiVersion", apiVersion);
    entry.put("fieldsType", "FieldsV1");
    entry.put("fieldsV1", fields.toFieldsV1());
    entry.put("manager", manager);
    entry.put("operation", "Apply");
    entry.put("time", time);
    entries.add(entry);
    Map<String, Object> metadata = JsonTrees.map(object.get("metadata"));
    if (metadata.isEmpty()) {
      metadata = new LinkedHashMap<>();
      object.put("metadata", metadata);
    }
    metadata.put("managedFields", new ArrayList<>(entries));
  }

  private static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
