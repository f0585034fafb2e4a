package io.processdeploy.tck.image;

import io.processdeploy.api.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads images back from a registry over plain HTTP with the JDK's client (optionally with basic
 * credentials), checking every blob's digest and size against the manifest.
 *
 * <pre>{@code
 * ImageInspector inspector = HttpRegistryInspector.of("127.0.0.1:5001", "ci", "ci-secret");
 * }</pre>
 */
public final class HttpRegistryInspector implements ImageInspector {
  private static final String ACCEPT = "application/vnd.docker.distribution.manifest.v2+json, "
      + "application/vnd.oci.image.manifest.v1+json";
  private final String host;
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  private HttpRegistryInspector(String host, String authorization) {
    this.host = host;
    this.authorization = authorization;
  }

  /** An inspector of the anonymous registry at {@code host} ({@code host:port}). */
  public static HttpRegistryInspector of(String host) {
    return new HttpRegistryInspector(host, null);
  }

  /** An inspector of the registry at {@code host} using basic credentials. */
  public static HttpRegistryInspector of(String host, String username, String password) {
    return new HttpRegistryInspector(host, "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Optional<InspectedImage> inspect(ImageReference reference) {
    String ref = reference.digest() != null ? reference.digest() : reference.tagOrLatest();
    HttpResponse<byte[]> manifest = get(reference.repository() + "/manifests/" + ref);
    if (manifest.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(ManifestReader.read(manifest.body(),
        digest -> get(reference.repository() + "/blobs/" + digest).body()));
  }

  /** Fetches {@code /v2/<path>}; fails on any status but 200 and 404. */
  public HttpResponse<byte[]> get(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"
        + path)).header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 && response.statusCode() != 404) {
        throw new AssertionError("GET http://" + host + "/v2/" + path + " answered "
            + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response;
    } catch (IOException e) {
      throw new AssertionError("no registry at " + host + " (" + e
          + "): run scripts/test-servers.sh start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The tags of a repository as the registry lists them, empty when it has none. */
  public java.util.List<String> tags(String repository) {
    HttpResponse<byte[]> response = get(repository + "/tags/list");
    java.util.List<String> tags = new java.util.ArrayList<>();
    if (response.statusCode() == 404) {
      return tags;
    }
    Json.array(Json.object(Json.parse(response.body())).get("tags"))
        .forEach(tag -> tags.add(Json.string(tag)));
    return tags;
  }
}
