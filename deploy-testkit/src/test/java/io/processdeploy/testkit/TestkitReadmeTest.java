package io.processdeploy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.readme.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the code this module's README shows equal to the compiled tests it comes from. */
class TestkitReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final Path EXAMPLE =
      Path.of("src/test/java/io/processdeploy/testkit/example/ExpensesDeploymentTest.java");
  private static final Path CONFIGURED =
      Path.of("src/test/java/io/processdeploy/testkit/RealRegistryIT.java");
  private static final Path FAULTS =
      Path.of("src/test/java/io/processdeploy/testkit/FaultInjectionTest.java");

  @Test
  void shouldShowTheExampleTestAsItIsCompiled() throws IOException {
    assertShownAsCompiled("example", EXAMPLE);
  }

  @Test
  void shouldShowTheFaultTestAsItIsCompiled() throws IOException {
    assertShownAsCompiled("faults", FAULTS);
  }

  @Test
  void shouldShowTheConfiguredExtensionAsItIsCompiled() throws IOException {
    assertShownAsCompiled("configured", CONFIGURED);
  }

  private static void assertShownAsCompiled(String block, Path source) throws IOException {
    String shown = ReadmeBlocks.block(README, block);
    String compiled = ReadmeBlocks.normalized(Files.readString(source));

    assertThat(shown).isNotEmpty();
    assertThat(compiled).as("the README's block " + block + " is a part of " + source)
        .contains(shown);
  }
}
