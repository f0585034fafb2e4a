package io.processdeploy.registry.support;

import static org.assertj.core.api.Assertions.fail;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.registry.DockerImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real servers integration tests use, as {@code scripts/test-servers.sh} starts them. A test
 * whose server is absent fails with what to start; it is never skipped.
 */
public final class TestServers {
  /** User of the registry with basic auth. */
  public static final String USER = env("PROCESSDEPLOY_AUTH_REGISTRY_USER", "ci");
  /** Password of the registry with basic auth. */
  public static final String PASSWORD = env("PROCESSDEPLOY_AUTH_REGISTRY_PASSWORD", "ci-secret");
  /** A base image holding {@code etc/tck-base-release}, pushed once per run. */
  public static final String BASE_REPOSITORY = "tck/base";

  private TestServers() {}

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The plain registry, checked to answer. */
  public static String registry() {
    return require(env("PROCESSDEPLOY_REGISTRY", "127.0.0.1:5000"));
  }

  /** The registry with basic auth, checked to answer. */
  public static String authRegistry() {
    return require(env("PROCESSDEPLOY_AUTH_REGISTRY", "127.0.0.1:5001"));
  }

  /** The Docker engine, checked to answer. */
  public static String dockerHost() {
    String host = env("DOCKER_HOST", "unix:///var/run/processdeploy/docker.sock");
    try (DockerImageBuilder docker = DockerImageBuilder.builder()
        .withDockerHost(URI.create(host)).build()) {
      docker.ping();
    } catch (RuntimeException | IOException e) {
      fail("no Docker engine at " + host + " (" + e.getMessage()
          + "): run scripts/test-servers.sh start");
    }
    return host;
  }

  /** An HTTP client of the plain registry. */
  public static OciRegistry plainRegistry() {
    return OciRegistry.builder(registry()).allowInsecure().build();
  }

  /** An HTTP client of the registry with basic auth, with the right credentials. */
  public static OciRegistry securedRegistry() {
    return OciRegistry.builder(authRegistry()).withCredentials(USER, PASSWORD).allowInsecure()
        .build();
  }

  /** Reads images back from the plain registry. */
  public static HttpRegistryInspector plainInspector() {
    return HttpRegistryInspector.of(registry());
  }

  /**
   * Pushes (once per run, idempotently) a base image holding {@code etc/tck-base-release} to the
   * plain registry and returns its reference.
   */
  public static String baseImage() throws IOException {
    OciRegistry registry = plainRegistry();
    ImageReference target = new ImageReference(registry.host(), BASE_REPOSITORY, "1", null);
    Path tar = Files.createTempFile("base", ".tar");
    try {
      registry.push(TestImages.archive(tar, target,
          Map.of("etc/tck-base-release", "ID=tck-base\n", "bin/placeholder", "#!/bin/sh\n")),
          ProgressSink.NONE);
    } finally {
      Files.deleteIfExists(tar);
    }
    return target.toString();
  }

  private static String require(String host) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
      if (status != 200 && status != 401) {
        fail("http://" + host + "/v2/ answered " + status + ", not a registry: run"
            + " scripts/test-servers.sh start");
      }
    } catch (IOException e) {
      fail("no registry at " + host + " (" + e + "): run scripts/test-servers.sh start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
    return host;
  }
}
