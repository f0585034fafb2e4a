package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseContentTest {
  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "C:/x.json", "c:evil", "a\\b.json"})
  void rejectsAbsolutePaths(String path) {
    assertThatThrownBy(() -> ReleaseContent.ofText(Map.of(path, "x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("release.content[" + path + "]: is absolute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "processes/../../x", "a/.."})
  void rejectsPathsLeavingTheRelease(String path) {
    assertThatThrownBy(() -> ReleaseContent.ofText(Map.of(path, "x")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("contains '..'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "a/", "./a", "a/./b"})
  void rejectsEmptyOrDotSegments(String path) {
    assertThatThrownBy(() -> ReleaseContent.ofText(Map.of(path, "x")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("empty or '.' segment");
  }

  @Test
  void rejectsAnEmptyPath() {
    assertThatThrownBy(() -> ReleaseContent.checkPath(""))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("release.content:");
  }

  @Test
  void rejectsAHostileZipEntryBeforeKeepingAnything() throws Exception {
    byte[] zip = zip(Map.of("processes/ok.bpmn20.xml", "<x/>", "../../evil.sh", "rm -rf /"));
    assertThatThrownBy(() -> ReleaseContent.fromZip(zip))
        .isInstanceOf(ValidationException.class).hasMessageContaining("../../evil.sh");
  }

  @Test
  void shouldReadAZipSkippingFolders() throws Exception {
    byte[] zip = zip(Map.of("p.json", "{}", "processes/a.bpmn20.xml", "<a/>"));
    ReleaseContent content = ReleaseContent.fromZip(zip);
    assertThat(content.paths()).containsExactly("p.json", "processes/a.bpmn20.xml");
    assertThat(content.text("p.json")).contains("{}");
  }

  @Test
  void shouldKeepItsBytesToItself() {
    byte[] bytes = "one".getBytes(StandardCharsets.UTF_8);
    ReleaseContent content = ReleaseContent.of(Map.of("f.txt", bytes));
    bytes[0] = 'X';
    content.file("f.txt").orElseThrow()[0] = 'Y';
    content.files().get("f.txt")[1] = 'Z';
    assertThat(content.text("f.txt")).contains("one");
    assertThat(content).isEqualTo(ReleaseContent.ofText(Map.of("f.txt", "one")))
        .hasSameHashCodeAs(ReleaseContent.ofText(Map.of("f.txt", "one")));
  }

  @Test
  void shouldSelectFilesUnderAFolder() {
    ReleaseContent content = ReleaseContent.ofText(Map.of("processes/a.xml", "a",
        "processes/b.xml", "b", "processesX/c.xml", "c", "ui/content-app.json", "{}"));
    assertThat(content.under(ReleaseContent.PROCESSES)).containsOnlyKeys("processes/a.xml",
        "processes/b.xml");
    assertThat(content.size()).isEqualTo(4);
    assertThat(content.totalBytes()).isEqualTo(5);
    assertThat(content.sizes()).containsEntry("ui/content-app.json", 2);
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("processes/"));
      zip.closeEntry();
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(files).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
