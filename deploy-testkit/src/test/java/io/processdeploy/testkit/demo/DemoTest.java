package io.processdeploy.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, run in this JVM exactly as its main method runs it. */
class DemoTest {
  @TempDir Path output;

  @Test
  void shouldTakeTheSampleProjectThroughTheWholeJobAndExitZero() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      exitCode = Demo.run(new String[] {output.toString()}, out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);

    assertThat(exitCode).as(text).isZero();
    assertThat(text).contains("-> Running", "Process Workspace:", "All 6 steps did what they said")
        .doesNotContain("FAILED");
    assertThat(output.resolve("expenses-helm.zip")).isRegularFile();
  }

  @Test
  void shouldExitNonZeroWhenAStepCannotDoWhatItSays() throws Exception {
    Path notADirectory = Files.createFile(output.resolve("a-file"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      exitCode = Demo.run(new String[] {notADirectory.toString()}, out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);

    assertThat(exitCode).as(text).isEqualTo(1);
    assertThat(text).contains("FAILED: could not write the chart to " + notADirectory);
  }
}
