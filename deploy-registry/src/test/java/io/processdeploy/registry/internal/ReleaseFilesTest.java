package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.ImageBuildRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ReleaseFilesTest {
  @TempDir
  Path dir;

  private ImageBuildRequest request(String version, ReleaseContent content) {
    return new ImageBuildRequest("app", ReleaseRef.of("p", version), content, "scratch",
        ImageReference.parse("registry.local/app:1"), Map.of(), dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../../etc", "1/../../x", "/abs", "a b", "-rf", "1\n2"})
  void rejectsVersionsThatAreNoPlainDirectoryName(String version) {
    assertThatThrownBy(() -> ReleaseFiles.check(request(version, ReleaseContent.of(Map.of()))))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("release version '" + version + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0.0", "2.0-rc.1", "3_hotfix", "1.0.0+build.7"})
  void acceptsUsualVersions(String version) {
    ReleaseFiles.check(request(version, ReleaseContent.ofText(Map.of("a.json", "{}"))));
  }

  @Test
  void shouldStageNestedFilesInsideAFreshDirectoryAndDeleteThem() throws IOException {
    ReleaseContent content = ReleaseContent.ofText(Map.of("processes/a.bpmn20.xml", "<a/>",
        "p.json", "{}"));

    Path root;
    try (ReleaseFiles.Staged staged = ReleaseFiles.stage(content, dir.resolve("staging"))) {
      root = staged.root();
      assertThat(staged.files()).containsOnlyKeys("p.json", "processes/a.bpmn20.xml");
      assertThat(staged.files().values()).allSatisfy(p -> assertThat(p).startsWith(root));
      assertThat(staged.files().get("processes/a.bpmn20.xml")).hasContent("<a/>");
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void shouldStageSafelyEvenWhenTheStagingParentIsALink() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    try (ReleaseFiles.Staged staged = ReleaseFiles.stage(
        ReleaseContent.ofText(Map.of("p.json", "{}")), link)) {
      assertThat(staged.root()).startsWith(real.toRealPath());
      assertThat(staged.files().get("p.json")).hasContent("{}");
    }
  }
}
