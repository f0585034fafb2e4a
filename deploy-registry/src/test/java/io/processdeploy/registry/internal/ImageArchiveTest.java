package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ImageReference;
import io.processdeploy.tck.image.TarEntries;
import io.processdeploy.tck.image.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchiveTest {
  @TempDir
  Path dir;

  @Test
  void shouldDescribeEveryBlobAndADeterministicManifest() throws IOException {
    Path tar = dir.resolve("i.tar");
    TestImages.archive(tar, ImageReference.parse("registry.local/a:1"), Map.of("x", "1"),
        Map.of("y", "2"));

    ImageArchive archive = ImageArchive.read(tar);

    assertThat(archive.layers()).hasSize(2).allSatisfy(layer ->
        assertThat(layer.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
    assertThat(archive.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    try (InputStream in = archive.open(archive.layers().get(1))) {
      assertThat(Digests.of(in).digest()).isEqualTo(archive.layers().get(1).digest());
    }
    assertThat(new String(archive.manifest(), StandardCharsets.UTF_8))
        .startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"")
        .contains(archive.config().digest());
    assertThat(ImageArchive.read(tar).manifestDigest()).isEqualTo(archive.manifestDigest())
        .isEqualTo(Digests.of(archive.manifest()));
  }

  @Test
  void shouldKeepUncompressedLayersAsUncompressedBlobs() throws IOException {
    byte[] layer = TarEntries.write(Map.of("f", "x".getBytes(StandardCharsets.UTF_8)), false);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("abc/layer.tar", layer);
    entries.put("cfg.json", "{}".getBytes(StandardCharsets.UTF_8));
    entries.put("manifest.json", "[{\"Config\":\"cfg.json\",\"Layers\":[\"abc/layer.tar\"]}]"
        .getBytes(StandardCharsets.UTF_8));
    Path tar = dir.resolve("saved.tar");
    Files.write(tar, TarEntries.write(entries, false));

    ImageArchive archive = ImageArchive.read(tar);

    assertThat(archive.layers()).singleElement().satisfies(l -> {
      assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_TAR);
      assertThat(l.digest()).isEqualTo(Digests.of(layer));
    });
  }

  @Test
  void rejectsATarWithoutManifest() throws IOException {
    Path tar = dir.resolve("plain.tar");
    Files.write(tar, TarEntries.write(Map.of("a", new byte[] {1}), false));

    assertThatThrownBy(() -> ImageArchive.read(tar))
        .isInstanceOf(ImageArchive.InvalidArchiveException.class)
        .hasMessageContaining("no manifest.json");
  }
}
