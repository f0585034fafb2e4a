package io.processdeploy.testkit.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link RouletteChild} process: commands to its stdin, answers from its stdout, SIGKILL. */
final class ChildProcess {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          answers.add(line);
        }
      } catch (IOException e) {
        // the process died: its stdout closed
      }
    }, "roulette-child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a {@link RouletteChild} with the test's class path; its stderr goes to {@code log}. */
  static ChildProcess launch(List<String> arguments, Path log) throws IOException {
    return launch(RouletteChild.class, arguments, log);
  }

  /** Starts {@code main} with the test's class path; its stderr goes to {@code log}. */
  static ChildProcess launch(Class<?> main, List<String> arguments, Path log) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>(List.of(java.toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new ChildProcess(process, log);
  }

  /** Sends one command line. */
  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /**
   * Waits for an answer matching {@code expected}, skipping others.
   *
   * @throws AssertionError with the child's log when none comes within {@code timeout}
   */
  String await(Predicate<String> expected, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : answers.poll(Math.min(left, 200_000_000L),
          TimeUnit.NANOSECONDS);
      if (line != null && expected.test(line)) {
        return line;
      }
      if (line == null && (left <= 0 || !process.isAlive() && answers.isEmpty())) {
        throw new AssertionError("the deployment service process never answered " + what
            + " (alive: " + process.isAlive() + "); its log:\n" + tail());
      }
    }
  }

  /** The next answer already received that matches, without waiting. */
  String poll(Predicate<String> expected) {
    for (String line; (line = answers.poll()) != null; ) {
      if (expected.test(line)) {
        return line;
      }
    }
    return null;
  }

  /** Kills the process with SIGKILL and waits until it is gone. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the deployment service process outlived SIGKILL");
    }
    if (process.exitValue() != 137) {
      throw new AssertionError("exit status " + process.exitValue() + " is not SIGKILL's;"
          + " its log:\n" + tail());
    }
  }

  /** Asks the child to close its service and waits for it to exit. */
  void quit() throws Exception {
    send("quit");
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the deployment service process did not exit after quit");
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
