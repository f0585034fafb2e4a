package io.processdeploy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String shown = String.join("\n", lines(block(block)));
    String compiled = String.join("\n", lines(Files.readString(source)));

    assertThat(shown).isNotEmpty();
    assertThat(compiled).as("the README's block " + block + " is a part of " + source)
        .contains(shown);
  }

  /** The java block after the marker comment {@code <!-- code:NAME -->} in the README. */
  private static String block(String name) throws IOException {
    Matcher m = Pattern.compile("<!-- code:" + name + " -->\\s*```java\\n(.*?)```",
        Pattern.DOTALL).matcher(Files.readString(README));
    assertThat(m.find()).as("README block " + name).isTrue();
    return m.group(1);
  }

  private static List<String> lines(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
