package io.processdeploy.registry.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real registry that injects faults: answers 5xx, drops connections or
 * answers late for chosen requests, records every request it saw and counts the body bytes
 * going each way. Locations the registry answers with are rewritten to point at the proxy. Like
 * a plain-HTTP registry, it answers a TLS handshake with an HTTP error at once, so that clients
 * trying HTTPS first fall back to HTTP without waiting for a timeout.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length",
      "transfer-encoding", "keep-alive", "upgrade", "expect");

  /**
   * A request the proxy saw.
   *
   * @param method the method
   * @param path the path and query
   * @param status what the client got (-1 when the connection was dropped)
   */
  public record Seen(String method, String path, int status) {}

  private record Fault(Predicate<HttpExchange> matches, int[] remaining, int status,
      long delayMillis, boolean drop) {}

  private final String upstream;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final TlsRefusingRelay front;
  private final AtomicLong bytesFromClients = new AtomicLong();
  private final AtomicLong bytesToClients = new AtomicLong();

  private FaultProxy(String upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
    this.front = new TlsRefusingRelay(server.getAddress().getPort());
  }

  /** Starts a proxy of the registry at {@code upstream} ({@code host:port}). */
  public static FaultProxy of(String upstream) throws IOException {
    return new FaultProxy(upstream);
  }

  /** The proxy's {@code host:port}. */
  public String host() {
    return "127.0.0.1:" + front.port();
  }

  /** Bytes of request bodies clients sent through the proxy (uploads to the registry). */
  public long bytesFromClients() {
    return bytesFromClients.get();
  }

  /** Bytes of response bodies the proxy sent to clients (downloads from the registry). */
  public long bytesToClients() {
    return bytesToClients.get();
  }

  /** Starts counting bytes and recording requests afresh. */
  public void reset() {
    bytesFromClients.set(0);
    bytesToClients.set(0);
    seen.clear();
  }

  /** Answers the next {@code times} matching requests with {@code status} instead of forwarding. */
  public FaultProxy answer(int status, int times, String method, String pathPart) {
    faults.add(new Fault(matcher(method, pathPart), new int[] {times}, status, 0, false));
    return this;
  }

  /** Closes the connection of the next {@code times} matching requests without an answer. */
  public FaultProxy drop(int times, String method, String pathPart) {
    faults.add(new Fault(matcher(method, pathPart), new int[] {times}, 0, 0, true));
    return this;
  }

  /** Delays the next {@code times} matching requests by {@code delay} before forwarding. */
  public FaultProxy delay(Duration delay, int times, String method, String pathPart) {
    faults.add(new Fault(matcher(method, pathPart), new int[] {times}, 0, delay.toMillis(),
        false));
    return this;
  }

  /** Every request seen, in order. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  /** The requests seen with a method and a path containing {@code pathPart}. */
  public List<Seen> seen(String method, String pathPart) {
    return seen.stream().filter(s -> s.method().equals(method) && s.path().contains(pathPart))
        .toList();
  }

  private static Predicate<HttpExchange> matcher(String method, String pathPart) {
    return ex -> ex.getRequestMethod().equals(method)
        && ex.getRequestURI().toString().contains(pathPart);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().toString();
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      bytesFromClients.addAndGet(body.length);
      for (Fault fault : faults) {
        synchronized (fault) {
          if (fault.remaining()[0] > 0 && fault.matches().test(exchange)) {
            fault.remaining()[0]--;
            if (fault.drop()) {
              seen.add(new Seen(exchange.getRequestMethod(), path, -1));
              // no headers sent: closing the exchange drops the connection
              exchange.getResponseBody().close();
              return;
            }
            if (fault.delayMillis() > 0) {
              Thread.sleep(fault.delayMillis());
              break;
            }
            byte[] error = ("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected " + fault.status()
                + "\"}]}").getBytes(StandardCharsets.UTF_8);
            // recorded before answering, so that a client done with the answer sees the record
            seen.add(new Seen(exchange.getRequestMethod(), path, fault.status()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fault.status(), error.length);
            exchange.getResponseBody().write(error);
            return;
          }
        }
      }
      forward(exchange, path, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange, String path, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + upstream + path))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    response.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
        values.forEach(v -> exchange.getResponseHeaders().add(name,
            v.replace("http://" + upstream, "http://" + host())));
      }
    });
    boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204
        || response.body().length == 0;
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length",
          response.headers().firstValue("Content-Length").orElse("0"));
    }
    seen.add(new Seen(exchange.getRequestMethod(), path, response.statusCode()));
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
      bytesToClients.addAndGet(response.body().length);
    }
  }

  @Override
  public void close() {
    front.close();
    server.stop(0);
  }
}
