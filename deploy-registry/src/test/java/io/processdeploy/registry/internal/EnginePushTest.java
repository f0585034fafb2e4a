package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PushResponseItem;
import io.processdeploy.tck.image.RecordingProgress;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a Docker engine streams back while pushing, as recorded from Docker 20.10. */
class EnginePushTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void feed(EnginePush push, String... items) throws IOException {
    for (String item : items) {
      push.onNext(JSON.readValue(item, PushResponseItem.class));
    }
  }

  @Test
  void shouldFindAnErrorInTheLastItemOfAPushThatLookedFine() throws IOException {
    EnginePush push = new EnginePush(new RecordingProgress());

    feed(push,
        "{\"status\":\"The push refers to repository [127.0.0.1:5001/apps/x]\"}",
        "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"5f70bf18a086\"}",
        "{\"errorDetail\":{\"message\":\"unauthorized: authentication required\"},"
            + "\"error\":\"unauthorized: authentication required\"}");

    assertThat(push.errors()).containsExactly("unauthorized: authentication required");
    assertThat(push.digest()).isEmpty();
  }

  @Test
  void shouldCountPushedAndSkippedLayersAndReadTheDigest() throws IOException {
    RecordingProgress progress = new RecordingProgress();
    EnginePush push = new EnginePush(progress);

    feed(push,
        "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":4608},"
            + "\"id\":\"aaa\"}",
        "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":4608,\"total\":4608},"
            + "\"id\":\"aaa\"}",
        "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaa\"}",
        "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"bbb\"}",
        "{\"status\":\"1: digest: sha256:" + "e".repeat(64) + " size: 735\"}",
        "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:" + "e".repeat(64)
            + "\",\"Size\":735}}");

    assertThat(push.errors()).isEmpty();
    assertThat(push.digest()).contains("sha256:" + "e".repeat(64));
    assertThat(push.layersPushed()).isEqualTo(1);
    assertThat(push.layersSkipped()).isEqualTo(1);
    assertThat(push.bytesUploaded()).isEqualTo(4608);
    assertThat(progress.reports("layers")).isNotEmpty();
  }
}
