package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.tck.image.TestImages;
import io.processdeploy.tck.release.SampleReleases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history of an image Jib builds names this library and its version, not jib-core's. */
class JibImageHistoryTest {
  /** The version of jib-core this library is built with, which Jib uses when none is set. */
  private static final String JIB_CORE_VERSION = "0.27.3";

  @TempDir
  Path dir;

  @Test
  void shouldNameTheLibraryAndItsVersionInTheImageHistory() throws Exception {
    String projectVersion = System.getProperty("project.version");
    assertThat(projectVersion).as("project.version, set by the build").isNotBlank();
    Path base = dir.resolve("base.tar");
    TestImages.archive(base, ImageReference.parse("registry.local/history/base:1"),
        Map.of("etc/base-release", "ID=base\n"));
    ReleasedProject release = SampleReleases.expenses();
    ImageBuildRequest request = new ImageBuildRequest("expenses-app", release.ref(),
        release.content(), "docker-archive:" + base,
        ImageReference.parse("registry.local/history/expenses:1"), Map.of(),
        Files.createDirectories(dir.resolve("work")), null);

    BuiltImage built = new JibImageBuilder().build(request, ProgressSink.NONE);

    List<String> createdBy = historyCreatedBy(built.archive());
    assertThat(createdBy).isNotEmpty();
    String last = createdBy.get(createdBy.size() - 1);
    assertThat(last).as("the release layer's history entry")
        .contains("processdeploy:" + projectVersion)
        .doesNotContain(JIB_CORE_VERSION);
  }

  private static List<String> historyCreatedBy(Path tar) throws Exception {
    ImageArchive archive = ImageArchive.read(tar);
    JsonNode config;
    try (InputStream in = archive.open(archive.config())) {
      config = new ObjectMapper().readTree(in);
    }
    List<String> createdBy = new ArrayList<>();
    config.path("history").forEach(entry -> createdBy.add(entry.path("created_by").asText()));
    return createdBy;
  }
}
