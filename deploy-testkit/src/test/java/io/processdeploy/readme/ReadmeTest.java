package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's code equal to the compiled and tested code it was taken from. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void quickstartInReadmeIsTheCodeQuickstartTestRuns() throws IOException {
    String test = Files.readString(ROOT.resolve(
        "deploy-testkit/src/test/java/io/processdeploy/readme/QuickstartTest.java"));
    Matcher m = Pattern.compile("// tag::quickstart\\[]\\n(.*?)\\n\\s*// end::quickstart\\[]",
        Pattern.DOTALL).matcher(test);
    assertThat(m.find()).as("quickstart markers in QuickstartTest").isTrue();

    assertThat(ReadmeBlocks.block(ROOT.resolve("README.md"), "quickstart"))
        .isEqualTo(ReadmeBlocks.normalized(m.group(1)));
  }

  @Test
  void readmeGivesTheTwoCommandsThatCiRuns() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String ci = Files.readString(ROOT.resolve(".ci/run"));

    assertThat(readme).contains("mvn -B -q -Pdemo -DskipTests package");
    assertThat(readme).contains("scripts/run-tests.sh");
    assertThat(ci).contains("scripts/run-tests.sh").contains("mvn -B -q -Pdemo -DskipTests package");
  }
}
