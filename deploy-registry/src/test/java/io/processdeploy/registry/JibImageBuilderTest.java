package io.processdeploy.registry;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.tck.image.ImageBuilderContract;
import io.processdeploy.tck.image.ImageInspector;
import io.processdeploy.tck.image.LayoutInspector;
import io.processdeploy.tck.image.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder contract for Jib with nothing installed: images go to a directory registry, and the
 * base image is a Docker-format tar ({@code docker-archive:}).
 */
class JibImageBuilderTest extends ImageBuilderContract {
  @TempDir
  Path dir;

  @Override
  protected ImageBuilder createBuilder() {
    return new JibImageBuilder();
  }

  @Override
  protected ImageRegistry createRegistry() {
    return DirectoryRegistry.at(dir.resolve("registry"));
  }

  @Override
  protected ImageInspector createInspector() {
    return LayoutInspector.of(dir.resolve("registry"));
  }

  @Override
  protected Optional<String> baseImageWithFile() {
    try {
      Path tar = Files.createDirectories(dir.resolve("bases")).resolve("base.tar");
      if (!Files.exists(tar)) {
        TestImages.archive(tar, ImageReference.parse("registry.local/tck/base:1"),
            Map.of(BASE_FILE, "ID=tck-base\n"));
      }
      return Optional.of("docker-archive:" + tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nothing listens on port 1: the missing base fails fast without any server. */
  @Override
  protected String missingBaseImage() {
    return "127.0.0.1:1/tck/no-such-base:404";
  }
}
