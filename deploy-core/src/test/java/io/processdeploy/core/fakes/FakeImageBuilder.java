package io.processdeploy.core.fakes;

import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ProgressSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An image builder that builds nothing: a digest of the release content, optional pause or failure. */
public class FakeImageBuilder implements ImageBuilder {
  public final List<ImageBuildRequest> requests = new CopyOnWriteArrayList<>();
  public volatile RuntimeException failure;
  /** How long each call takes, to let work overlap. */
  public volatile long delayMillis;
  public volatile Gate gate;
  public volatile boolean interrupted;

  @Override
  public String id() {
    return "fake-builder";
  }

  @Override
  public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
    requests.add(request);
    Delay.of(delayMillis);
    progress.log("building " + request.target() + " from " + request.baseImage());
    Gate g = gate;
    if (g != null) {
      try {
        g.pass();
      } catch (InterruptedException e) {
        interrupted = true;
        Thread.currentThread().interrupt();
        throw new StepFailedException("build interrupted", false, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    progress.progress(1, 2, "layers");
    progress.progress(2, 2, "layers");
    return new BuiltImage(request.target(), digestOf(request), null,
        request.content().totalBytes());
  }

  /** The digest a request's image gets: same content, same digest. */
  public static String digestOf(ImageBuildRequest request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(request.baseImage().getBytes(StandardCharsets.UTF_8));
      request.content().files().forEach((path, bytes) -> {
        sha.update(path.getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
      });
      request.labels().forEach((k, v) -> sha.update((k + "=" + v).getBytes(StandardCharsets.UTF_8)));
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
