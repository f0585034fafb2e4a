package io.processdeploy.core.fakes;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A registry that keeps pushed references in memory; optional pause or failure. */
public class FakeImageRegistry implements ImageRegistry {
  public static final String HOST = "registry.test:5000";
  public final Map<String, String> pushed = new ConcurrentHashMap<>();
  public volatile RuntimeException failure;
  /** How long each call takes, to let work overlap. */
  public volatile long delayMillis;
  public volatile Gate gate;

  @Override
  public String id() {
    return "fake-registry";
  }

  @Override
  public String host() {
    return HOST;
  }

  @Override
  public String repositoryPrefix() {
    return "apps/";
  }

  @Override
  public PushedImage push(BuiltImage image, ProgressSink progress) {
    Delay.of(delayMillis);
    Gate g = gate;
    if (g != null) {
      try {
        g.pass();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.processdeploy.api.StepFailedException("push interrupted", false, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    progress.progress(image.sizeBytes(), image.sizeBytes(), "bytes");
    pushed.put(image.target().toString(), image.digest());
    return new PushedImage(image.target().withDigest(image.digest()), image.sizeBytes(), 1, 0);
  }

  @Override
  public Optional<String> digestOf(ImageReference reference) {
    return Optional.ofNullable(pushed.get(reference.withDigest(null).toString()));
  }
}
