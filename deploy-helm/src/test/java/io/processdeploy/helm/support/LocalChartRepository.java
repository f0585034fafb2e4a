package io.processdeploy.helm.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.processdeploy.helm.internal.ShippedChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Helm chart repository on loopback holding the shipped charts, packaged by real Helm: what a
 * team publishes to point exports at a repository instead of vendoring.
 */
public final class LocalChartRepository implements AutoCloseable {
  private final HttpServer server;
  private final Path root;

  private LocalChartRepository(HttpServer server, Path root) {
    this.server = server;
    this.root = root;
  }

  /** Packages the shipped charts into {@code root}, writes its index and serves it. */
  public static LocalChartRepository start(Path root) throws IOException {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (String name : List.of(ShippedChart.APPLICATION, ShippedChart.SERVICE)) {
      ShippedChart chart = ShippedChart.named(name);
      Path source = root.resolve("src").resolve(name);
      for (Map.Entry<String, byte[]> file : chart.files().entrySet()) {
        Path target = source.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      new Helm(source).packageIt().withDestination(root).call();
      String archive = name + "-" + chart.version() + ".tgz";
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("apiVersion", "v2");
      entry.put("name", name);
      entry.put("version", chart.version());
      entry.put("urls", List.of(archive));
      entry.put("digest", sha256(Files.readAllBytes(root.resolve(archive))));
      entries.put(name, List.of(entry));
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("apiVersion", "v1");
    index.put("entries", entries);
    new ObjectMapper(new YAMLFactory()).writeValue(root.resolve("index.yaml").toFile(), index);

    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        byte[] body = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    return new LocalChartRepository(server, root);
  }

  /** The repository URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** Where the packaged charts and the index are. */
  public Path root() {
    return root;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (UncheckedIOException e) {
      throw e;
    }
  }
}
