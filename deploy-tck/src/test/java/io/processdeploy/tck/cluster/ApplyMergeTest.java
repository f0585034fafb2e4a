package io.processdeploy.tck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server-side apply on JSON trees: what is merged, what is kept, what is removed. */
class ApplyMergeTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Instant FIRST = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-01T11:00:00Z");

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        labels: {app: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: example/web:1
              args: [serve, --port=8080]
              ports: [{name: http, containerPort: 8080, protocol: TCP}]
              env: [{name: A, value: "1"}]
      """;

  @Test
  void shouldCreateWithTheFieldsOfTheManagerRecorded() {
    Map<String, Object> created = ApplyMerge.apply(null, tree(DEPLOYMENT), "me", FIRST);

    assertThat(at(created, "spec", "template", "spec", "containers")).asList().hasSize(1);
    Map<String, Object> entry = entry(created, "me");
    assertThat(entry).containsEntry("operation", "Apply").containsEntry("apiVersion", "apps/v1")
        .containsEntry("time", "2026-01-01T10:00:00Z");
    assertThat(at(entry, "fieldsV1", "f:metadata", "f:labels")).isEqualTo(Map.of("f:app", Map.of()));
    assertThat(at(entry, "fieldsV1", "f:spec", "f:template", "f:spec", "f:containers"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKey("k:{\"name\":\"web\"}");
    assertThat(at(entry, "fieldsV1", "f:metadata")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("f:name");
  }

  @Test
  void shouldChangeNothingWhenTheSameConfigurationIsAppliedAgain() {
    Map<String, Object> stored = ApplyMerge.apply(null, tree(DEPLOYMENT), "me", FIRST);

    assertThat(ApplyMerge.apply(stored, tree(DEPLOYMENT), "me", LATER)).isSameAs(stored);
  }

  @Test
  void shouldKeepWhatOthersSetReplicasLabelsAnnotationsItemsAndStatus() {
    Map<String, Object> stored = ApplyMerge.apply(null, tree(DEPLOYMENT), "me", FIRST);
    map(stored, "spec").put("replicas", 3);
    map(stored, "metadata").put("annotations", Map.of("deployment.kubernetes.io/revision", "2"));
    map(stored, "metadata", "labels").put("team", "payments");
    List<Object> containers = list(stored, "spec", "template", "spec", "containers");
    map(containers.get(0)).put("terminationMessagePath", "/dev/termination-log");
    containers.add(tree("{\"name\": \"sidecar\", \"image\": \"example/proxy:1\"}"));
    stored.put("status", tree("{\"availableReplicas\": 3}"));

    Map<String, Object> after = ApplyMerge.apply(stored, tree(DEPLOYMENT), "me", LATER);

    assertThat(after).isSameAs(stored);
    Map<String, Object> changed = tree(DEPLOYMENT.replace("example/web:1", "example/web:2"));
    changed.put("status", tree("{\"availableReplicas\": 0}"));
    after = ApplyMerge.apply(stored, changed, "me", LATER);
    assertThat(at(after, "spec", "replicas")).isEqualTo(3);
    assertThat(at(after, "metadata", "labels")).isEqualTo(Map.of("app", "web", "team", "payments"));
    assertThat(at(after, "metadata", "annotations"))
        .isEqualTo(Map.of("deployment.kubernetes.io/revision", "2"));
    assertThat(list(after, "spec", "template", "spec", "containers")).hasSize(2);
    assertThat(map(list(after, "spec", "template", "spec", "containers").get(0)))
        .containsEntry("image", "example/web:2")
        .containsEntry("terminationMessagePath", "/dev/termination-log");
    assertThat(at(after, "status")).isEqualTo(Map.of("availableReplicas", 3));
  }

  @Test
  void shouldMergeKeyedListsPerItemAndReplaceOtherListsAndSelectorsWhole() {
    Map<String, Object> stored = ApplyMerge.apply(null, tree(DEPLOYMENT), "me", FIRST);
    map(stored, "spec", "selector", "matchLabels").put("tier", "front");

    Map<String, Object> after = ApplyMerge.apply(stored, tree(DEPLOYMENT
        .replace("args: [serve, --port=8080]", "args: [serve]")
        .replace("env: [{name: A, value: \"1\"}]", "env: [{name: A, value: \"2\"}, {name: B, value: \"3\"}]")
        .replace("protocol: TCP}]", "protocol: TCP}, {name: udp, containerPort: 8080, protocol: UDP}]")),
        "me", LATER);

    Map<String, Object> container = map(list(after, "spec", "template", "spec", "containers").get(0));
    assertThat(container.get("args")).isEqualTo(List.of("serve"));
    assertThat(container.get("env")).isEqualTo(List.of(Map.of("name", "A", "value", "2"),
        Map.of("name", "B", "value", "3")));
    assertThat(container.get("ports")).asList().hasSize(2);
    assertThat(at(after, "spec", "selector")).isEqualTo(Map.of("matchLabels", Map.of("app", "web")));
  }

  @Test
  void shouldRemoveWhatTheManagerNoLongerAppliesAndPruneWhatIsLeftEmpty() {
    String withExtras = DEPLOYMENT
        .replace("labels: {app: web}\nspec:", "labels: {app: web}\n  annotations: {note: x}\nspec:")
        .replace("    containers:\n", "    containers:\n      - {name: helper, image: example/h:1}\n");
    Map<String, Object> stored = ApplyMerge.apply(null, tree(withExtras), "me", FIRST);
    assertThat(list(stored, "spec", "template", "spec", "containers")).hasSize(2);

    Map<String, Object> after = ApplyMerge.apply(stored, tree(DEPLOYMENT), "me", LATER);

    assertThat(map(after, "metadata")).doesNotContainKey("annotations");
    assertThat(list(after, "spec", "template", "spec", "containers")).singleElement()
        .satisfies(c -> assertThat(map(c)).containsEntry("name", "web"));
    assertThat(entry(after, "me")).containsEntry("time", "2026-01-01T11:00:00Z");
  }

  @Test
  void shouldKeepAFieldAnotherApplierHoldsToo() {
    String data = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: '1', b: '2'}";
    Map<String, Object> stored = ApplyMerge.apply(null, tree(data), "me", FIRST);
    stored = ApplyMerge.apply(stored, tree(data.replace(", b: '2'", "")), "them", FIRST);

    Map<String, Object> after = ApplyMerge.apply(stored, tree(data.replace("a: '1', ", "")),
        "me", LATER);

    assertThat(after.get("data")).isEqualTo(Map.of("a", "1", "b", "2"));
    after = ApplyMerge.apply(after, tree(data.replace("{a: '1', b: '2'}", "{c: '3'}")), "me",
        LATER);
    assertThat(after.get("data")).isEqualTo(Map.of("a", "1", "c", "3"));
  }

  @Test
  void shouldMergeFinalizersAsASetAndNeverTakeServerFields() {
    Map<String, Object> stored = ApplyMerge.apply(null, tree("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, finalizers: [a]}
        """), "me", FIRST);
    map(stored, "metadata").put("resourceVersion", "7");
    list(stored, "metadata", "finalizers").add("b");

    Map<String, Object> after = ApplyMerge.apply(stored, tree("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, resourceVersion: "1", uid: other, finalizers: [c]}
        status: {phase: Terminating}
        """), "me", LATER);

    assertThat(at(after, "metadata", "finalizers")).isEqualTo(List.of("b", "c"));
    assertThat(at(after, "metadata", "resourceVersion")).isEqualTo("7");
    assertThat(map(after, "metadata")).doesNotContainKey("uid");
    assertThat(after).doesNotContainKey("status");
  }

  @Test
  void shouldReadTheFieldsARealServerRecorded() {
    FieldSet fields = FieldSet.fromFieldsV1(tree("""
        f:data: {.: {}, f:a: {}}
        f:metadata: {f:labels: {.: {}, f:app: {}}}
        """));

    assertThat(fields.toFieldsV1()).isEqualTo(tree("""
        f:data: {.: {}, f:a: {}}
        f:metadata: {f:labels: {.: {}, f:app: {}}}
        """));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String yaml) {
    return (Map<String, Object>) JsonTrees.copy(YAML.unmarshal(yaml, Map.class));
  }

  private static Object at(Map<String, Object> tree, String... path) {
    Object node = tree;
    for (String p : path) {
      node = JsonTrees.map(node).get(p);
    }
    return node;
  }

  private static Map<String, Object> map(Object node, String... path) {
    return JsonTrees.map(path.length == 0 ? node : at(JsonTrees.map(node), path));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> tree, String... path) {
    return (List<Object>) at(tree, path);
  }

  private static Map<String, Object> entry(Map<String, Object> object, String manager) {
    return list(object, "metadata", "managedFields").stream().map(JsonTrees::map)
        .filter(e -> manager.equals(e.get("manager"))).findFirst().orElseThrow();
  }
}
