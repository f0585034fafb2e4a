package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Answers server-side apply ({@code PATCH} with {@code Content-Type:
 * application/apply-patch+yaml}, the body YAML or JSON, the manager in the {@code fieldManager}
 * query parameter) on top of the CRUD dispatcher, which knows no such patch. It reads the stored
 * object, merges the applied configuration into it ({@link ApplyMerge}) and writes the result
 * back through the CRUD dispatcher: a create when there was no object, else an update carrying
 * the version it read, tried again when another write came in between. An apply that changes
 * nothing writes nothing: no new resource version, no watch event. The CRUD dispatcher bumps the
 * resource version, and the generation when more than metadata changed.
 */
final class ServerSideApply {
  /** The content type of an apply patch. */
  static final String CONTENT_TYPE = "application/apply-patch+yaml";
  private static final int ATTEMPTS = 20;

  private final KubernetesCrudDispatcher crud;
  private final KubernetesSerialization json = new KubernetesSerialization();

  ServerSideApply(KubernetesCrudDispatcher crud) {
    this.crud = crud;
  }

  /** Whether {@code request} is a server-side apply. */
  static boolean isApply(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equalsIgnoreCase(request.getMethod()) && type != null
        && type.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE);
  }

  /** Answers one apply. */
  MockResponse handle(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String resource = query < 0 ? path : path.substring(0, query);
    String manager = parameter(query < 0 ? "" : path.substring(query + 1), "fieldManager");
    if (manager == null || manager.isBlank()) {
      return ApiStatus.failure(400, "PATCH " + resource + ": fieldManager is required for apply"
          + " requests");
    }
    Map<String, Object> applied = parse(request.getUtf8Body());
    if (applied == null) {
      return ApiStatus.failure(400, "PATCH " + resource + ": the body is no YAML or JSON object");
    }
    Map<String, Object> metadata = JsonTrees.map(applied.get("metadata"));
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    if (!name.equals(metadata.get("name"))) {
      return ApiStatus.failure(400, "the name of the applied object (" + metadata.get("name")
          + ") does not match the name on the URL (" + name + ")");
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      MockResponse read = crud.handleGet(resource);
      if (read.code() != 200 && read.code() != 404) {
        return read;
      }
      Map<String, Object> stored = read.code() == 404 ? null : parse(body(read));
      Object precondition = metadata.get("resourceVersion");
      if (precondition != null && (stored == null || !precondition.equals(
          JsonTrees.map(stored.get("metadata")).get("resourceVersion")))) {
        return ApiStatus.failure(409, "Operation cannot be fulfilled on " + resource
            + ": the object has been modified; please apply your changes to the latest version"
            + " and try again");
      }
      Map<String, Object> result = ApplyMerge.apply(stored, applied, manager, Instant.now());
      if (result == stored) {
        return read;
      }
      MockResponse written = stored == null
          ? crud.handleCreate(request(HttpMethod.POST, resource.substring(0,
              resource.lastIndexOf('/')), result))
          : crud.handleUpdate(request(HttpMethod.PUT, resource, result));
      if (written.code() != 409) {
        return written;
      }
    }
    return ApiStatus.failure(409, "Operation cannot be fulfilled on " + resource + ": it kept"
        + " changing while it was applied");
  }

  private Map<String, Object> parse(String body) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = json.unmarshal(body, Map.class);
      return tree;
    } catch (KubernetesClientException | IllegalArgumentException e) {
      return null;
    }
  }

  private RecordedRequest request(HttpMethod method, String path, Map<String, Object> object) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    Buffer body = new Buffer(json.asJson(object).getBytes(StandardCharsets.UTF_8));
    return new RecordedRequest("HTTP/1.1", method, path, headers, body);
  }

  private static String body(MockResponse response) {
    return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static String parameter(String query, String name) {
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0 && Objects.equals(URLDecoder.decode(part.substring(0, eq),
          StandardCharsets.UTF_8), name)) {
        return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
