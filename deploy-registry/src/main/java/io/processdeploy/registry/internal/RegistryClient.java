package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to one OCI distribution registry: answers its authentication challenges (Basic,
 * or Bearer tokens per repository scope), and retries transient failures (5xx, 429, connection
 * refused or reset, timeouts) with bounded exponential backoff. 401 and 403 become
 * {@link StepFailedException}s naming the registry and the user; other answers go back to the
 * caller. Thread-safe.
 */
public final class RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final boolean insecure;
  private final Supplier<Optional<RegistryCredentials>> credentials;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final HttpClient http;
  /** Authorization header per scope; key "" holds a Basic header valid for every scope. */
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  /**
   * @param host registry host[:port]
   * @param insecure whether to talk plain HTTP (and send credentials over it)
   * @param credentials the credentials, looked up when a challenge asks for them
   * @param retry the retry policy
   * @param timeout the timeout of each request
   */
  public RegistryClient(String host, boolean insecure,
      Supplier<Optional<RegistryCredentials>> credentials, RetryPolicy retry, Duration timeout) {
    this.host = host;
    this.insecure = insecure;
    this.credentials = credentials;
    this.retry = retry;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The registry's base URI, {@code https://host} or, when insecure, {@code http://host}. */
  public URI base() {
    return URI.create((insecure ? "http://" : "https://") + host);
  }

  /** The host[:port]. */
  public String host() {
    return host;
  }

  /** {@code base()/v2/<path>}. */
  public URI uri(String path) {
    return base().resolve("/v2/" + path);
  }

  /**
   * Sends a request, retrying transient failures and answering authentication challenges.
   *
   * @param what what the request does, for messages, e.g. "upload of blob sha256:…"
   * @param repository the repository the request concerns (for token scopes and messages)
   * @param push whether the request needs push rights
   * @param request a fresh request builder per attempt (bodies are re-sent)
   * @return the answer; never 401/403, 5xx or 429
   * @throws StepFailedException when the registry refuses the credentials, stays unreachable or
   *     keeps failing
   */
  public HttpResponse<byte[]> send(String what, String repository, boolean push,
      Supplier<HttpRequest.Builder> request) {
    String scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
    boolean challenged = false;
    String lastProblem = "no attempt made";
    Throwable lastCause = null;
    int attempt = 0;
    while (attempt < retry.maxAttempts()) {
      attempt++;
      HttpRequest.Builder builder = request.get().timeout(timeout);
      authorization(scope).ifPresent(value -> builder.setHeader("Authorization", value));
      HttpRequest built = builder.build();
      HttpResponse<byte[]> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        lastCause = e;
        lastProblem = describe(e);
        LOG.debug("{} on {}: attempt {} of {} failed: {}", what, host, attempt,
            retry.maxAttempts(), lastProblem);
        pause(attempt);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted during " + what + " on registry " + host,
            true, e);
      }
      int status = response.statusCode();
      if (status == 401) {
        if (!challenged && answerChallenge(response, scope)) {
          challenged = true;
          attempt--; // answering the challenge is not a failed attempt
          continue;
        }
        throw new StepFailedException(rejected(response), false, null);
      }
      if (status == 403) {
        throw new StepFailedException("registry " + host + " refused " + who() + " access to "
            + repository + " (" + (push ? "push" : "pull") + "): " + errors(response)
            + "; grant the user that right on the registry", false, null);
      }
      if (status >= 500 || status == 429) {
        lastProblem = "answered " + status + errorsSuffix(response);
        lastCause = null;
        LOG.debug("{} on {}: attempt {} of {}: {}", what, host, attempt, retry.maxAttempts(),
            lastProblem);
        pause(attempt);
        continue;
      }
      return response;
    }
    throw new StepFailedException("registry " + host + " " + lastProblem + " during " + what
        + " (" + retry.maxAttempts() + " attempts)" + hint(lastCause), true, lastCause);
  }

  private String hint(Throwable cause) {
    if (cause instanceof ConnectException) {
      return "; start the registry or check that " + base() + " is its address";
    }
    if (cause instanceof javax.net.ssl.SSLException && !insecure) {
      return "; if the registry speaks plain HTTP only, allow that with allowInsecure()";
    }
    return "";
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "did not answer in time (" + e.getMessage() + ")";
    }
    if (e instanceof ConnectException) {
      return "could not be reached (connection refused)";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "dropped the connection (" + message + ")";
  }

  private void pause(int attempt) {
    if (attempt >= retry.maxAttempts()) {
      return;
    }
    try {
      Thread.sleep(retry.backoffAfter(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while waiting to retry registry " + host, true,
          e);
    }
  }

  private Optional<String> authorization(String scope) {
    String value = authorizations.get(scope);
    return Optional.ofNullable(value != null ? value : authorizations.get(""));
  }

  private String who() {
    return credentials.get().map(c -> "user " + c.username()).orElse("anonymous access");
  }

  private String rejected(HttpResponse<byte[]> response) {
    Optional<RegistryCredentials> creds = credentials.get();
    if (creds.isPresent()) {
      return "registry " + host + " rejected the credentials of user " + creds.get().username()
          + errorsSuffix(response) + "; check the user name and password configured for " + host;
    }
    return "registry " + host + " requires credentials" + errorsSuffix(response)
        + "; configure them with OciRegistry.builder(\"" + host + "\").withCredentials(..)";
  }

  /** Sets up an Authorization header from a 401 challenge; false when none can be made. */
  private boolean answerChallenge(HttpResponse<byte[]> response, String scope) {
    Optional<AuthChallenge> challenge =
        AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
    Optional<RegistryCredentials> creds = credentials.get();
    if (challenge.isEmpty()) {
      return false;
    }
    if (challenge.get().isBasic()) {
      if (creds.isEmpty()) {
        return false;
      }
      authorizations.put("", basic(creds.get()));
      return true;
    }
    if (challenge.get().isBearer()) {
      Optional<String> token = fetchToken(challenge.get(), scope, creds);
      token.ifPresent(t -> authorizations.put(scope, "Bearer " + t));
      return token.isPresent();
    }
    return false;
  }

  private Optional<String> fetchToken(AuthChallenge challenge, String scope,
      Optional<RegistryCredentials> creds) {
    String realm = challenge.parameters().get("realm");
    if (realm == null) {
      return Optional.empty();
    }
    StringBuilder query = new StringBuilder();
    String service = challenge.parameters().get("service");
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    query.append(query.length() > 0 ? "&" : "").append("scope=")
        .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    if (creds.isPresent() && uri.getScheme().equals("http") && !insecure) {
      throw new StepFailedException("registry " + host + " sends credentials to the plain-HTTP"
          + " token service " + uri.getHost() + "; allow it explicitly with allowInsecure()");
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    creds.ifPresent(c -> builder.header("Authorization", basic(c)));
    try {
      HttpResponse<byte[]> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new StepFailedException("token service " + uri.getHost() + " of registry " + host
            + " answered " + response.statusCode() + errorsSuffix(response),
            response.statusCode() >= 500, null);
      }
      JsonNode node = JSON.readTree(response.body());
      String token = node.path("token").asText(node.path("access_token").asText(""));
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw new StepFailedException("token service " + uri.getHost() + " of registry " + host
          + " " + describe(e), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while fetching a token from registry " + host,
          true, e);
    }
  }

  private static String basic(RegistryCredentials c) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** The registry's error list from a response body, e.g. "MANIFEST_UNKNOWN: manifest unknown". */
  public static String errors(HttpResponse<byte[]> response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      StringBuilder sb = new StringBuilder();
      for (JsonNode error : node.path("errors")) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(error.path("code").asText("?")).append(": ")
            .append(error.path("message").asText(""));
      }
      if (sb.length() > 0) {
        return sb.toString();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through to the status code
    }
    return "HTTP " + response.statusCode();
  }

  private static String errorsSuffix(HttpResponse<byte[]> response) {
    String errors = errors(response);
    return errors.startsWith("HTTP ") ? "" : " (" + errors + ")";
  }
}
