package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.helm.internal.BundledFiles;
import io.processdeploy.helm.internal.ShippedChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The charts shipped in the jar: complete, versioned, and written safely. */
class BundledChartsTest {
  private static final Path SOURCES = Path.of(System.getProperty("basedir", "."),
      "src/main/resources/io/processdeploy/helm");
  private static final Pattern DEFINE =
      Pattern.compile("\\{\\{- define \"[a-z-]+\\.securityData\" -}}(.*?)\\{\\{- end }}",
          Pattern.DOTALL);

  @Test
  void shouldListEveryBundledFileInTheIndex() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<String> onDisk = files.filter(Files::isRegularFile)
          .map(p -> SOURCES.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals(BundledFiles.INDEX)).sorted().toList();
      assertThat(BundledFiles.paths()).containsExactlyElementsOf(onDisk);
    }
  }

  @Test
  void shouldVersionTheShippedChartsWithTheLibrary() {
    String version = System.getProperty("project.version");
    assertThat(version).as("project.version system property").isNotBlank();
    for (String name : List.of(ShippedChart.APPLICATION, ShippedChart.SERVICE)) {
      assertThat(ShippedChart.named(name).version()).isEqualTo(version);
    }
  }

  @Test
  void shouldComputeTheSecurityChecksumFromTheSameTextTheConfigMapHolds() {
    String application = securityData(ShippedChart.APPLICATION);
    String service = securityData(ShippedChart.SERVICE);

    assertThat(service).isEqualTo(application);
  }

  @Test
  void shouldNeverEvaluateValuesAsTemplates() {
    for (String name : List.of(ShippedChart.APPLICATION, ShippedChart.SERVICE)) {
      for (Map.Entry<String, byte[]> file : ShippedChart.named(name).files().entrySet()) {
        String text = new String(file.getValue(), StandardCharsets.UTF_8);
        assertThat(text).as(name + "/" + file.getKey())
            .doesNotContainPattern("\\btpl\\b").doesNotContain("| toString }}");
      }
    }
    String notes = new String(BundledFiles.under("exported/").get("templates/NOTES.txt"),
        StandardCharsets.UTF_8);
    assertThat(notes).doesNotContainPattern("\\btpl\\b");
  }

  private static String securityData(String chart) {
    String helpers = new String(ShippedChart.named(chart).files().get("templates/_helpers.tpl"),
        StandardCharsets.UTF_8);
    Matcher m = DEFINE.matcher(helpers);
    assertThat(m.find()).as(chart + " defines securityData").isTrue();
    return m.group(1);
  }
}
