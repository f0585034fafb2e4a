package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits in front of the CRUD dispatcher: counts requests, answers injected API errors, and serves
 * what the CRUD dispatcher does not know: server-side apply ({@link ServerSideApply}) and pod
 * logs.
 */
final class EmbeddedDispatcher extends Dispatcher {
  private static final Pattern POD_LOG =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?$");
  private static final int MAX_LOGGED_REQUESTS = 1_000_000;

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final ServerSideApply serverSideApply = new ServerSideApply(crud);
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<String, List<String>> podLogs = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder watches = new LongAdder();
  private final Queue<String> requestLog = new ConcurrentLinkedQueue<>();
  private final AtomicInteger logged = new AtomicInteger();
  private final ExecutorService watchCleanup = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "embedded-cluster-watch-cleanup");
    t.setDaemon(true);
    return t;
  });
  private final Set<WatchCloser> openWatches = ConcurrentHashMap.newKeySet();

  private record Rule(String method, String pathFragment, int status, AtomicInteger remaining) {
    boolean matches(String requestMethod, String path) {
      return (method == null || method.equalsIgnoreCase(requestMethod))
          && path.contains(pathFragment) && remaining.get() > 0;
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String method = request.getMethod();
    requests.increment();
    if (path.contains("watch=true")) {
      watches.increment();
    }
    if (logged.incrementAndGet() <= MAX_LOGGED_REQUESTS) {
      requestLog.add(method.toUpperCase(Locale.ROOT) + " " + path);
    }
    for (Rule rule : rules) {
      if (rule.matches(method, path) && rule.remaining().getAndDecrement() > 0) {
        return error(rule.status(), method, path);
      }
    }
    Matcher log = POD_LOG.matcher(path);
    if (log.matches() && "GET".equalsIgnoreCase(method)) {
      return podLog(log.group(1), log.group(2), log.group(3));
    }
    if (ServerSideApply.isApply(request)) {
      return serverSideApply.handle(request);
    }
    MockResponse response = crud.dispatch(request);
    if (response.getWebSocketListener() != null) {
      response.withWebSocketUpgrade(
          new WatchCloser(response.getWebSocketListener(), crud, watchCleanup, openWatches));
    }
    return response;
  }

  @Override
  public void shutdown() {
    watchCleanup.shutdownNow();
    crud.shutdown();
    List.copyOf(openWatches).forEach(WatchCloser::stopListener);
  }

  int expireWatches() {
    int expired = 0;
    for (WatchCloser watch : List.copyOf(openWatches)) {
      if (watch.expire()) {
        expired++;
      }
    }
    return expired;
  }

  void failNext(String method, String pathFragment, int status, int times) {
    rules.add(new Rule(method, pathFragment, status, new AtomicInteger(times)));
  }

  void appendLog(String namespace, String pod, String line) {
    podLogs.computeIfAbsent(namespace + "/" + pod, k -> new CopyOnWriteArrayList<>()).add(line);
  }

  void forgetLogs(String namespace, String pod) {
    podLogs.remove(namespace + "/" + pod);
  }

  long requests() {
    return requests.sum();
  }

  long watches() {
    return watches.sum();
  }

  long count(String method, String pathFragment) {
    String prefix = method == null ? "" : method.toUpperCase(Locale.ROOT) + " ";
    return requestLog.stream()
        .filter(r -> r.startsWith(prefix) && r.substring(r.indexOf(' ') + 1).contains(pathFragment))
        .count();
  }

  private MockResponse podLog(String namespace, String pod, String query) {
    List<String> lines = podLogs.get(namespace + "/" + pod);
    if (lines == null) {
      return error(404, "GET", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log");
    }
    List<String> copy = new ArrayList<>(lines);
    int tail = tailLines(query);
    if (tail >= 0 && tail < copy.size()) {
      copy = copy.subList(copy.size() - tail, copy.size());
    }
    StringBuilder body = new StringBuilder();
    copy.forEach(l -> body.append(l).append('\n'));
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
        .setBody(body.toString());
  }

  private static int tailLines(String query) {
    if (query == null) {
      return -1;
    }
    for (String part : query.split("&")) {
      String decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
      if (decoded.startsWith("tailLines=")) {
        return Integer.parseInt(decoded.substring("tailLines=".length()));
      }
    }
    return -1;
  }

  private static MockResponse error(int status, String method, String path) {
    return ApiStatus.failure(status, "injected error " + status + " for " + method + " " + path);
  }
}
