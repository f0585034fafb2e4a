package io.processdeploy.testkit.canary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of this package ({@link CanaryRun} or {@link ExtensionRun}) in a JVM of its own, on
 * this JVM's class path, with what it printed and when it ended.
 *
 * @param exitCode the exit code, or {@code -1} when it had to be killed
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error (the log)
 * @param exitMillisAfterClose how long after printing its marker line ({@link CanaryRun#CLOSED},
 *     {@link ExtensionRun#LAUNCHER_RETURNED}) the JVM ended, or {@code -1} when it never printed it
 */
record ChildJvm(int exitCode, String stdout, String stderr, long exitMillisAfterClose) {
  /** Runs {@link CanaryRun} with {@code jvmOptions} and {@code args}; kills it after a deadline. */
  static ChildJvm run(List<String> jvmOptions, String... args) throws Exception {
    return run(CanaryRun.class, CanaryRun.CLOSED, jvmOptions, args);
  }

  /**
   * Runs {@code main} with {@code jvmOptions} and {@code args}, timing its end from the line
   * {@code marker}; kills it after a deadline.
   */
  static ChildJvm run(Class<?> main, String marker, List<String> jvmOptions, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    Collector out = new Collector(process.getInputStream(), marker);
    Collector err = new Collector(process.getErrorStream(), null);
    out.start();
    err.start();
    boolean ended = process.waitFor(150, TimeUnit.SECONDS);
    long endedAt = System.nanoTime();
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    out.join();
    err.join();
    long afterClose = out.markedAt < 0 || !ended ? -1
        : TimeUnit.NANOSECONDS.toMillis(endedAt - out.markedAt);
    return new ChildJvm(ended ? process.exitValue() : -1, out.text(), err.text(), afterClose);
  }

  /** Reads a stream to its end, noting when a marker line went by. */
  private static final class Collector extends Thread {
    private final InputStream in;
    private final String marker;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile long markedAt = -1;

    Collector(InputStream in, String marker) {
      this.in = in;
      this.marker = marker;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (bytes) {
            bytes.write(buffer, 0, n);
            if (marker != null && markedAt < 0
                && bytes.toString(StandardCharsets.UTF_8).contains(marker)) {
              markedAt = System.nanoTime();
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
