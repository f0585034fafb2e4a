package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.support.FaultProxy;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked blob uploads against a real registry, seen through a pass-through proxy. */
class OciRegistryUploadIT {
  @TempDir
  Path dir;

  @Test
  void shouldUploadBlobsLargerThanAChunkInChunks() throws IOException {
    StringBuilder noise = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      noise.append(UUID.randomUUID()).append('\n');
    }
    String repository = "uploads/" + UUID.randomUUID().toString().substring(0, 8);
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure()
          .withChunkSize(4096).build();
      BuiltImage image = TestImages.archive(dir.resolve("big.tar"),
          new ImageReference(proxy.host(), repository, "1", null),
          Map.of("project-release/1/noise.txt", noise.toString()));

      PushedImage pushed = registry.push(image, ProgressSink.NONE);

      assertThat(proxy.seen("PATCH", "/blobs/uploads/")).hasSizeGreaterThan(1)
          .allSatisfy(seen -> assertThat(seen.status()).isEqualTo(202));
      ImageReference direct = new ImageReference(TestServers.registry(), repository, "1", null);
      assertThat(TestServers.plainInspector().inspect(direct).orElseThrow()
          .file("project-release/1/noise.txt")).get()
          .extracting(e -> e.text()).isEqualTo(noise.toString());
      assertThat(pushed.bytesUploaded()).as("the layer and the configuration")
          .isGreaterThan(image.sizeBytes());
    }
  }
}
