package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.MissingImplementationException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.core.store.InMemoryStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiTest {
  @TempDir
  Path dir;

  /** A builder registered with a low priority. */
  public static class LowBuilder implements ImageBuilder {
    @Override
    public int priority() {
      return 10;
    }

    @Override
    public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
      throw new UnsupportedOperationException();
    }
  }

  /** A builder registered with a higher priority. */
  public static class HighBuilder extends LowBuilder {
    @Override
    public int priority() {
      return 20;
    }
  }

  private ClassLoader loaderRegistering(String... classes) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(ImageBuilder.class.getName()),
        String.join("\n", classes) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  private <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void shouldPickTheHighestPriorityFoundThroughTheContextClassLoader() throws Exception {
    ClassLoader loader = loaderRegistering(LowBuilder.class.getName(), HighBuilder.class.getName());
    ImageBuilder found = withContextLoader(loader, () -> Spi.find(ImageBuilder.class).orElseThrow());
    assertThat(found).isInstanceOf(HighBuilder.class);
    assertThat(withContextLoader(loader, () -> Spi.all(ImageBuilder.class)))
        .extracting(b -> b.getClass().getSimpleName()).containsExactly("HighBuilder", "LowBuilder");
  }

  @Test
  void shouldLetAnExplicitImplementationBypassDiscovery() throws Exception {
    ClassLoader loader = loaderRegistering(HighBuilder.class.getName());
    LowBuilder explicit = new LowBuilder();
    assertThat(withContextLoader(loader, () -> Spi.require(ImageBuilder.class, explicit, "x")))
        .isSameAs(explicit);
  }

  @Test
  void shouldNameWhatToAddWhenNothingIsFound() {
    assertThatThrownBy(() -> Spi.require(ImageBuilder.class, null,
        "add io.processdeploy:deploy-registry to the class path or call withImageBuilder(..)"))
        .isInstanceOf(MissingImplementationException.class)
        .hasMessage("no ImageBuilder found: add io.processdeploy:deploy-registry to the class"
            + " path or call withImageBuilder(..)");
  }

  @Test
  void shouldFindTheInMemoryStoreThroughThisLibrarysOwnRegistration() {
    assertThat(withContextLoader(null, () -> Spi.find(DeploymentStore.class)))
        .get().isInstanceOf(InMemoryStore.class);
  }

  @Test
  void shouldNameTheBrokenImplementation() throws Exception {
    ClassLoader loader = loaderRegistering("com.example.Missing");
    assertThatThrownBy(() -> withContextLoader(loader, () -> Spi.find(ImageBuilder.class)))
        .isInstanceOf(MissingImplementationException.class)
        .hasMessageContaining("com.example.Missing");
  }
}
