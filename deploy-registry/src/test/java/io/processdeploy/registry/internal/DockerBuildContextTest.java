package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ReleaseContent;
import io.processdeploy.tck.image.TarEntries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerBuildContextTest {
  @TempDir
  Path dir;

  @Test
  void shouldCopyTheReleaseToItsDirectory() {
    assertThat(DockerBuildContext.dockerfile("scratch", "/project-release/3/"))
        .isEqualTo("FROM scratch\nCOPY release/ /project-release/3/\n");
  }

  @Test
  void shouldWriteSortedEntriesWithFixedTimesModesAndOwner() throws IOException {
    Path tar = dir.resolve("context.tar");
    DockerBuildContext.write(tar, "FROM scratch\n", ReleaseContent.ofText(Map.of(
        "processes/b.bpmn20.xml", "<b/>", "a.json", "{}", "processes/a.bpmn20.xml", "<a/>")));

    var entries = TarEntries.read(Files.readAllBytes(tar));

    assertThat(entries).extracting(TarEntries.Entry::path).containsExactly("Dockerfile",
        "release/", "release/processes/", "release/a.json", "release/processes/a.bpmn20.xml",
        "release/processes/b.bpmn20.xml");
    assertThat(entries).allSatisfy(e -> assertThat(e.modifiedSeconds()).isEqualTo(1));
    assertThat(entries).filteredOn(TarEntries.Entry::isFile)
        .allSatisfy(e -> assertThat(e.mode() & 0777).isEqualTo(0644));
    assertThat(entries).filteredOn(e -> !e.isFile())
        .allSatisfy(e -> assertThat(e.mode() & 0777).isEqualTo(0755));
  }

  @Test
  void shouldWriteTheSameBytesForTheSameRelease() throws IOException {
    ReleaseContent content = ReleaseContent.ofText(Map.of("a.json", "{}", "b/c.json", "[]"));
    DockerBuildContext.write(dir.resolve("1.tar"), "FROM scratch\n", content);
    DockerBuildContext.write(dir.resolve("2.tar"), "FROM scratch\n", content);

    assertThat(Files.readAllBytes(dir.resolve("1.tar")))
        .isEqualTo(Files.readAllBytes(dir.resolve("2.tar")));
  }
}
