package io.processdeploy.registry.bench;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.DockerImageBuilder;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Image build and push benchmark against the real registry and Docker engine that
 * {@code scripts/test-servers.sh start} runs. Prints the first build+push of a release, the
 * redeploy of the unchanged release (time and layer bytes uploaded, which must be 0), and the Jib
 * builder against the Docker builder on the same content, as a ratio measured in this run.
 *
 * <p>Run with {@code scripts/bench-images.sh} (arguments: rounds, default 5).
 */
public final class ImageBench {
  private static final String REGISTRY = env("PROCESSDEPLOY_REGISTRY", "127.0.0.1:5000");
  private static final String DOCKER_HOST = env("DOCKER_HOST",
      "unix:///var/run/processdeploy/docker.sock");

  private ImageBench() {}

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** One build and push. */
  private record Run(long buildNanos, long pushNanos, PushedImage pushed) {
    double totalMillis() {
      return (buildNanos + pushNanos) / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String session = UUID.randomUUID().toString().substring(0, 6);
    OciRegistry registry = OciRegistry.builder(REGISTRY).allowInsecure()
        .withRepositoryPrefix("bench/").build();
    JibImageBuilder jib = new JibImageBuilder();
    Path work = Files.createTempDirectory("image-bench");
    ReleasedProject release = release("base");
    System.out.printf(Locale.ROOT, "Release: %d files, %d bytes; registry http://%s; engine %s%n",
        release.content().size(), release.content().totalBytes(), REGISTRY, DOCKER_HOST);

    // 1. First build+push, then the unchanged redeploy (a fresh build in a fresh work directory).
    String repository = "bench/first-" + session;
    Run first = run(jib, registry, release, repository, work.resolve("first"));
    Run again = run(jib, registry, release, repository, work.resolve("again"));
    System.out.println();
    System.out.println("Jib builder, OCI registry");
    System.out.printf(Locale.ROOT, "  first build+push        %8.1f ms (build %.1f, push %.1f),"
            + " %d bytes in %d blobs uploaded%n", first.totalMillis(), first.buildNanos() / 1e6,
        first.pushNanos() / 1e6, first.pushed().bytesUploaded(), first.pushed().blobsUploaded());
    System.out.printf(Locale.ROOT, "  unchanged redeploy      %8.1f ms (build %.1f, push %.1f),"
            + " %d layer bytes uploaded, %d blobs skipped, same digest: %s%n",
        again.totalMillis(), again.buildNanos() / 1e6, again.pushNanos() / 1e6,
        again.pushed().bytesUploaded(), again.pushed().blobsSkipped(),
        again.pushed().reference().digest().equals(first.pushed().reference().digest()));

    // 2. Jib against Docker on the same content, fresh content each round, after one warm-up.
    try (DockerImageBuilder docker = DockerImageBuilder.builder()
        .withDockerHost(URI.create(DOCKER_HOST)).build()) {
      docker.ping();
      List<Double> jibTimes = new ArrayList<>();
      List<Double> dockerTimes = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        ReleasedProject content = release(session + "-" + round);
        Run j = run(jib, registry, content, "bench/jib-" + session + "-" + round,
            work.resolve("jib-" + round));
        Run d = run(docker, registry, content, "bench/docker-" + session + "-" + round,
            work.resolve("docker-" + round));
        if (round > 0) {
          jibTimes.add(j.totalMillis());
          dockerTimes.add(d.totalMillis());
        }
      }
      Run dockerAgain = run(docker, registry, release(session + "-" + rounds),
          "bench/docker-" + session + "-" + rounds, work.resolve("docker-again"));
      double jibMedian = median(jibTimes);
      double dockerMedian = median(dockerTimes);
      System.out.println();
      System.out.printf(Locale.ROOT, "Jib vs Docker builder, build+push of the same new release,"
          + " median of %d rounds after 1 warm-up%n", rounds);
      System.out.printf(Locale.ROOT, "  jib                     %8.1f ms  %s%n", jibMedian,
          format(jibTimes));
      System.out.printf(Locale.ROOT, "  docker                  %8.1f ms  %s%n", dockerMedian,
          format(dockerTimes));
      System.out.printf(Locale.ROOT, "  ratio docker/jib        %8.2f%n", dockerMedian / jibMedian);
      System.out.printf(Locale.ROOT, "  docker unchanged redeploy %6.1f ms, %d layer bytes"
          + " uploaded, %d layers skipped%n", dockerAgain.totalMillis(),
          dockerAgain.pushed().bytesUploaded(), dockerAgain.pushed().blobsSkipped());
    }
    if (again.pushed().bytesUploaded() != 0) {
      System.err.println("FAILED: the unchanged redeploy uploaded "
          + again.pushed().bytesUploaded() + " bytes");
      System.exit(1);
    }
  }

  private static Run run(ImageBuilder builder, OciRegistry registry, ReleasedProject release,
      String repository, Path work) throws IOException {
    Files.createDirectories(work);
    ImageBuildRequest request = new ImageBuildRequest("bench", release.ref(), release.content(),
        TestServers.baseImage(), new ImageReference(registry.host(), repository,
        release.ref().version(), null), Map.of("org.opencontainers.image.title", "bench"), work,
        registry);
    long t0 = System.nanoTime();
    BuiltImage built = builder.build(request, ProgressSink.NONE);
    long t1 = System.nanoTime();
    PushedImage pushed = builder instanceof ImagePusher pusher
        ? pusher.push(built, registry, ProgressSink.NONE)
        : registry.push(built, ProgressSink.NONE);
    long t2 = System.nanoTime();
    return new Run(t1 - t0, t2 - t1, pushed);
  }

  /**
   * The expenses sample plus 200 generated process definitions of about 6 kB each (a large
   * project), and one file unique to {@code salt} so that each round is new content.
   */
  private static ReleasedProject release(String salt) {
    ReleasedProject sample = SampleReleases.expenses();
    Map<String, byte[]> files = sample.content().files();
    for (int i = 0; i < 200; i++) {
      StringBuilder xml = new StringBuilder("<definitions id=\"generated-" + i + "\">\n");
      for (int t = 0; t < 60; t++) {
        xml.append("  <serviceTask id=\"task-").append(i).append('-').append(t)
            .append("\" implementation=\"rest-connector.POST\"/>\n");
      }
      xml.append("</definitions>\n");
      files.put("processes/generated-" + i + ".bpmn20.xml",
          xml.toString().getBytes(StandardCharsets.UTF_8));
    }
    files.put("bench-salt.txt", salt.getBytes(StandardCharsets.UTF_8));
    return new ReleasedProject(ReleaseRef.of(sample.ref().projectId(), "1.0.0"),
        sample.projectName(), true, ReleaseContent.of(files));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
  }
}
