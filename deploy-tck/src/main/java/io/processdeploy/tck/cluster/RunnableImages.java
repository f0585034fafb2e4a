package io.processdeploy.tck.cluster;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small images that really run, for tests on a real cluster: the statically linked busybox of
 * the host (Debian's {@code busybox-static}, {@value #BUSYBOX}) as the only program, built with
 * Jib and pushed to a registry the cluster pulls from. No image hub is needed.
 *
 * <p>Each image runs a shell that traps {@code SIGTERM} (busybox as PID 1 would ignore it and
 * make every pod take its whole grace period to stop), prints one line and then does what its
 * {@link Kind} says. Built once per registry and kind; the same content always gives the same
 * digest.
 */
public final class RunnableImages {
  /** Where busybox is taken from. */
  public static final String BUSYBOX = "/bin/busybox";
  /** The repository path every test image lives under. */
  public static final String REPOSITORY = "processdeploy-test";
  /** The line every image prints when it starts. */
  public static final String STARTED_LINE = "processdeploy stand-in started";
  /** How long {@link Kind#SLOW} waits before it listens. */
  public static final int SLOW_SECONDS = 20;
  /** The file every serving image answers on {@code GET /health}. */
  public static final String HEALTH_PATH = "/health";
  /** Where {@link Kind#RELEASE_SERVER} serves the release files it was given. */
  public static final String RELEASE_PATH = "/release";
  /** The directory {@link Kind#RELEASE_SERVER} serves, writable by the image's user. */
  private static final String SERVE_ROOT = "/srv";
  /** The user every image runs as, and owns {@value #SERVE_ROOT}. */
  private static final String USER = "1000";

  private static final Map<String, String> PUSHED = new ConcurrentHashMap<>();

  /** What an image does once started. */
  public enum Kind {
    /** Serves {@code /www} over HTTP on port 8080. */
    SERVICE("service", "/bin/busybox httpd -f -p 8080 -h /www"),
    /** Serves {@code /www} over HTTP on port 5432, where a database would listen. */
    DATABASE("database", "/bin/busybox httpd -f -p 5432 -h /www"),
    /**
     * The base of runtime-bundle images, whose release layer is added on top: finds its release
     * as a runtime bundle does, through {@code PROJECT_RELEASE_DIR}, and serves that directory's
     * files under {@value RunnableImages#RELEASE_PATH} on port 8080, beside
     * {@value RunnableImages#HEALTH_PATH}. Without the
     * variable it exits with status 1.
     */
    RELEASE_SERVER("release-server", "/bin/busybox ln -sfn \"${PROJECT_RELEASE_DIR:?is not"
        + " set}\" " + SERVE_ROOT + RELEASE_PATH + " && /bin/busybox httpd -f -p 8080 -h "
        + SERVE_ROOT),
    /** Exits with status 1 at once: its pods end in {@code CrashLoopBackOff}. */
    CRASHING("crashing", "exit 1"),
    /** Listens on port 8080 only {@value #SLOW_SECONDS} seconds after it started. */
    SLOW("slow", "/bin/busybox sleep " + SLOW_SECONDS
        + " && /bin/busybox httpd -f -p 8080 -h /www");

    private final String repository;
    private final String command;

    Kind(String repository, String command) {
      this.repository = repository;
      this.command = command;
    }

    /** The image name under {@code registry}. */
    public String image(String registry) {
      return registry + "/" + REPOSITORY + "/" + repository + ":1";
    }
  }

  private RunnableImages() {}

  /** A name in {@code registry} that no test ever pushes. */
  public static String absent(String registry) {
    return registry + "/" + REPOSITORY + "/absent:1";
  }

  /**
   * The image of {@code kind} in {@code registry} (host and port of a plain-HTTP registry on
   * loopback, e.g. {@code 127.0.0.1:5000}), built and pushed on first use.
   *
   * @throws IllegalStateException when busybox is missing or the push fails, saying what to do
   */
  public static String push(String registry, Kind kind) {
    Objects.requireNonNull(registry, "registry was not specified");
    return PUSHED.computeIfAbsent(kind.image(registry), image -> build(image, kind));
  }

  private static String build(String image, Kind kind) {
    Path busybox = Path.of(BUSYBOX);
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException(BUSYBOX + " is missing: the runnable test images are made"
          + " of Debian's busybox-static; install it (apt-get install busybox-static) or run"
          + " scripts/run-tests.sh, which does");
    }
    try {
      Path www = Files.createTempDirectory("processdeploy-www");
      Path health = Files.writeString(www.resolve("health"), "ok\n", StandardCharsets.UTF_8);
      Instant epoch = Instant.EPOCH;
      FileEntriesLayer layer = FileEntriesLayer.builder().setName("busybox")
          .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), FilePermissions.fromOctalString("755"), epoch)
          .addEntry(www, AbsoluteUnixPath.get("/www"), FilePermissions.fromOctalString("755"), epoch)
          .addEntry(health, AbsoluteUnixPath.get("/www/health"), FilePermissions.fromOctalString("644"), epoch)
          .addEntry(www, AbsoluteUnixPath.get(SERVE_ROOT), FilePermissions.fromOctalString("755"), epoch,
              USER + ":" + USER)
          .addEntry(health, AbsoluteUnixPath.get(SERVE_ROOT + HEALTH_PATH),
              FilePermissions.fromOctalString("644"), epoch)
          .build();
      String script = "trap 'exit 0' TERM; echo '" + STARTED_LINE + " (" + kind.repository
          + ")'; " + kind.command + " & wait $!";
      Jib.fromScratch().addFileEntriesLayer(layer)
          .setEntrypoint(List.of("/bin/busybox", "sh", "-c", script))
          .setUser(USER)
          .setCreationTime(epoch)
          .setFormat(ImageFormat.Docker)
          .containerize(Containerizer.to(RegistryImage.named(image))
              .setAllowInsecureRegistries(true).setToolName("processdeploy-tck"));
      Files.delete(health);
      Files.delete(www);
      return image;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not push test image " + image + ": " + e
          + "; is a registry running there (scripts/test-servers.sh start)?", e);
    }
  }
}
