package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer token authentication as Docker Hub, GHCR or Harbor do it, against a small in-test
 * registry whose token service checks basic credentials.
 */
class OciRegistryTokenAuthTest {
  private static final String DIGEST = "sha256:" + "d".repeat(64);
  private HttpServer server;
  private final List<String> tokenScopes = new CopyOnWriteArrayList<>();
  private final List<String> registryRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/v2/", this::registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void token(HttpExchange exchange) throws IOException {
    String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(),
        StandardCharsets.UTF_8);
    tokenScopes.add(query);
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        "ci:ci-secret".getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    byte[] body = "{\"token\":\"t0ken\"}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private void registry(HttpExchange exchange) throws IOException {
    registryRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    if (!"Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
          + "/token\",service=\"test-registry\",scope=\"repository:apps/x:pull\"");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  @Test
  void shouldFetchATokenForTheRepositoryScopeAndUseIt() {
    OciRegistry registry = OciRegistry.builder(host()).withCredentials("ci", "ci-secret")
        .allowInsecure().build();

    assertThat(registry.digestOf(ImageReference.parse(host() + "/apps/x:1"))).contains(DIGEST);
    assertThat(registry.digestOf(ImageReference.parse(host() + "/apps/x:2"))).contains(DIGEST);

    assertThat(tokenScopes).hasSize(1).first().asString()
        .contains("service=test-registry").contains("scope=repository:apps/x:pull");
    assertThat(registryRequests).as("one challenge, then the token is reused").hasSize(3);
  }

  @Test
  void shouldSayTheTokenServiceRejectedTheCredentials() {
    OciRegistry registry = OciRegistry.builder(host()).withCredentials("ci", "wrong")
        .allowInsecure().build();

    assertThatThrownBy(() -> registry.digestOf(ImageReference.parse(host() + "/apps/x:1")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("registry " + host() + " rejected the credentials of user ci")
        .hasMessageNotContaining("wrong");
  }
}
