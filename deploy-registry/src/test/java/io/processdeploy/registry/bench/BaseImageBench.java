package io.processdeploy.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.registry.support.FaultProxy;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.release.SampleReleases;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying releases on a large base image: (a) the archive path — Jib writes a tar in the work
 * directory and {@link OciRegistry#push} uploads the blobs the registry lacks — against (b) Jib
 * from registry to registry. The base image (three layers of 20 MiB of random, incompressible
 * bytes) is pushed once; every byte either path moves is counted at an HTTP proxy in front of
 * the registry. Each path starts like a freshly started deployment service: an empty Jib layer
 * cache of its own.
 *
 * <p>Not part of the normal test runs (neither {@code *Test} nor {@code *IT}); run it with
 * {@code scripts/bench-base-image.sh}.
 */
class BaseImageBench {
  private static final int LAYERS = 3;
  private static final int LAYER_BYTES = 20 * 1024 * 1024;

  @TempDir
  Path work;

  /** What one deploy moved and took. */
  private record Step(String path, String what, long downloaded, long uploaded, long millis,
      PushedImage pushed) {}

  @Test
  void compareTheArchivePathWithRegistryToRegistry() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String base = pushBase("bench/base-" + run);
    List<Step> steps = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      String baseThroughProxy = base.replace(TestServers.registry(), proxy.host());
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure().build();
      ReleasedProject first = SampleReleases.timesheets();
      ReleasedProject changed = changedProcess(first);
      for (boolean straight : new boolean[] {false, true}) {
        String name = straight ? "(b) registry to registry" : "(a) archive + push";
        String repository = "bench/" + (straight ? "r2r-" : "archive-") + run;
        Path cache = work.resolve((straight ? "r2r" : "archive") + "-cache");
        JibImageBuilder jib = JibImageBuilder.builder().withBaseImageCache(cache).build();
        steps.add(deploy(proxy, jib, registry, straight, name, "first release, new repository",
            baseThroughProxy, repository, first, "3"));
        steps.add(deploy(proxy, jib, registry, straight, name, "new release, 1 process changed",
            baseThroughProxy, repository, changed, "4"));
        JibImageBuilder restarted = JibImageBuilder.builder()
            .withBaseImageCache(work.resolve((straight ? "r2r" : "archive") + "-cache-2"))
            .build();
        steps.add(deploy(proxy, restarted, registry, straight, name,
            "same release again, empty layer cache", baseThroughProxy, repository, changed, "5"));
      }
    }
    print(steps);
    for (Step step : steps.subList(3, 6)) {
      assertThat(step.downloaded()).as(step.what()).isLessThan(LAYER_BYTES / 10);
      assertThat(step.uploaded()).as(step.what()).isLessThan(LAYER_BYTES / 10);
    }
  }

  /** Pushes the base image straight to the registry (not through the proxy) with Jib. */
  private String pushBase(String repository) throws Exception {
    Random random = new Random(42);
    var jib = Jib.fromScratch().setEntrypoint("/opt/runtime/start").setUser("1000")
        .setWorkingDirectory(AbsoluteUnixPath.get("/opt/runtime"));
    for (int i = 1; i <= LAYERS; i++) {
      Path file = work.resolve("layer-" + i + ".bin");
      byte[] chunk = new byte[1024 * 1024];
      try (OutputStream out = Files.newOutputStream(file)) {
        for (int mb = 0; mb < LAYER_BYTES / chunk.length; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
      jib.addLayer(List.of(file), AbsoluteUnixPath.get("/opt/runtime/lib" + i));
    }
    String base = TestServers.registry() + "/" + repository + ":1";
    jib.containerize(Containerizer.to(RegistryImage.named(base))
        .setAllowInsecureRegistries(true)
        .setApplicationLayersCache(work.resolve("base-cache"))
        .setBaseImageLayersCache(work.resolve("base-cache")));
    return base;
  }

  private static ReleasedProject changedProcess(ReleasedProject release) {
    Map<String, byte[]> files = release.content().files();
    String process = files.keySet().stream().filter(p -> p.startsWith("processes/"))
        .findFirst().orElseThrow();
    files.put(process, (new String(files.get(process), StandardCharsets.UTF_8)
        + "\n<!-- changed -->\n").getBytes(StandardCharsets.UTF_8));
    return new ReleasedProject(release.ref(), release.projectName(), true,
        ReleaseContent.of(files));
  }

  private Step deploy(FaultProxy proxy, JibImageBuilder jib, OciRegistry registry,
      boolean straight, String path, String what, String base, String repository,
      ReleasedProject release, String tag) throws Exception {
    Path dir = Files.createDirectories(work.resolve(repository.replace('/', '-') + "-" + tag));
    ImageReference target = new ImageReference(registry.host(), repository, tag, null);
    ImageRegistry to = straight ? registry : null;
    ImageBuildRequest request = new ImageBuildRequest("bench", release.ref(), release.content(),
        base, target, Map.of("org.opencontainers.image.title", "bench"), dir, to);
    proxy.reset();
    long t0 = System.nanoTime();
    BuiltImage built = jib.build(request, ProgressSink.NONE);
    PushedImage pushed = jib.push(built, registry, ProgressSink.NONE);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Step(path, what, proxy.bytesToClients(), proxy.bytesFromClients(), millis,
        pushed);
  }

  private static void print(List<Step> steps) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nBase image: %d layers of %d MiB of random bytes;"
        + " bytes counted at a proxy in front of the registry%n%n", LAYERS,
        LAYER_BYTES / 1024 / 1024));
    out.append(String.format(Locale.ROOT, "%-26s %-36s %14s %14s %9s   %s%n", "path", "deploy",
        "downloaded", "uploaded", "time ms", "PushedImage"));
    for (Step s : steps) {
      out.append(String.format(Locale.ROOT, "%-26s %-36s %14d %14d %9d   %d blobs/%d B sent,"
          + " %d blobs/%d B skipped%n", s.path(), s.what(), s.downloaded(), s.uploaded(),
          s.millis(), s.pushed().blobsUploaded(), s.pushed().bytesUploaded(),
          s.pushed().blobsSkipped(), s.pushed().bytesSkipped()));
    }
    out.append(String.format(Locale.ROOT, "%n%-36s %16s %16s %12s%n", "ratio (a) / (b)",
        "downloaded", "uploaded", "time"));
    for (int i = 0; i < 3; i++) {
      Step a = steps.get(i);
      Step b = steps.get(i + 3);
      out.append(String.format(Locale.ROOT, "%-36s %16s %16s %12s%n", a.what(),
          ratio(a.downloaded(), b.downloaded()), ratio(a.uploaded(), b.uploaded()),
          ratio(a.millis(), b.millis())));
    }
    System.out.println(out);
  }

  private static String ratio(long a, long b) {
    return b == 0 ? (a == 0 ? "1" : "inf (b = 0)") : String.format(Locale.ROOT, "%.1fx",
        (double) a / b);
  }
}
