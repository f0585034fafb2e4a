package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of every README is compiled code: it follows a marker {@code <!-- code:NAME
 * -->}, its code is the region {@code // tag::NAME[]} .. {@code // end::NAME[]} of one test
 * source of the project (compiled and, unless it says otherwise, run by the build), and it shows
 * the imports that region needs.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("(?:<!-- code:([a-z0-9-]+) -->\\s*)?```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)\\.(\\w+|\\*);$");

  @Test
  void everyJavaBlockOfEveryReadmeIsCompiledCodeWithItsImports() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path readme : readmes()) {
      Matcher block = JAVA_BLOCK.matcher(Files.readString(readme));
      while (block.find()) {
        String name = block.group(1);
        assertThat(name).as("a java block of %s without a <!-- code:NAME --> marker:%n%s",
            ROOT.relativize(readme), block.group(2)).isNotNull();
        assertShownAsCompiled(readme, name, block.group(2));
        checked.add(name);
      }
    }
    assertThat(checked).as("blocks checked").contains("quickstart", "production", "secrets",
        "external-postgresql", "export-import", "update", "permissions", "non-devops", "helm-exporter",
        "cluster-target", "oci-registry", "store-contract", "example", "faults", "configured",
        "metrics")
        .doesNotHaveDuplicates();
  }

  @Test
  void readmeGivesTheTwoCommandsThatCiRuns() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String ci = Files.readString(ROOT.resolve(".ci/run"));

    assertThat(readme).contains("mvn -B -q -Pdemo -DskipTests package");
    assertThat(readme).contains("scripts/run-tests.sh");
    assertThat(ci).contains("scripts/run-tests.sh").contains("mvn -B -q -Pdemo -DskipTests package");
  }

  private static void assertShownAsCompiled(Path readme, String name, String shown)
      throws IOException {
    Path source = taggedSource(name);
    String code = Files.readString(source);
    Matcher region = Pattern.compile("// tag::" + Pattern.quote(name) + "\\[]\\n(.*?)\\n\\s*// end::"
        + Pattern.quote(name) + "\\[]", Pattern.DOTALL).matcher(code);
    assertThat(region.find()).isTrue();
    String compiled = ReadmeBlocks.normalized(region.group(1));

    List<String> shownImports = shown.lines().map(String::strip)
        .filter(l -> l.startsWith("import ")).toList();
    String shownCode = ReadmeBlocks.normalized(String.join("\n", shown.lines()
        .filter(l -> !l.strip().startsWith("import ")).toList()));
    String where = "block " + name + " of " + ROOT.relativize(readme) + " vs "
        + ROOT.relativize(source);
    assertThat(shownCode).as(where).isEqualTo(compiled);

    List<String> sourceImports = code.lines().filter(l -> l.startsWith("import ")).toList();
    assertThat(sourceImports).as(where + ": imports shown").containsAll(shownImports);
    for (String imported : sourceImports) {
      Matcher m = IMPORT.matcher(imported);
      assertThat(m.matches()).as(imported).isTrue();
      String simpleName = m.group(3);
      if (!simpleName.equals("*") && Pattern.compile("\\b" + simpleName + "\\b")
          .matcher(compiled).find()) {
        assertThat(shownImports).as(where + ": the block uses " + simpleName
            + " and must show its import").contains(imported);
      }
    }
  }

  /** The one test source holding the region {@code name}. */
  private static Path taggedSource(String name) throws IOException {
    String tag = "// tag::" + name + "[]";
    List<Path> found = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path tests : modules.filter(m -> m.getFileName().toString().startsWith("deploy-"))
          .map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(tests)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            if (Files.readString(file).contains(tag)) {
              found.add(file);
            }
          }
        }
      }
    }
    assertThat(found).as("test sources holding " + tag).hasSize(1);
    return found.get(0);
  }

  private static List<Path> readmes() throws IOException {
    List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.filter(m -> m.getFileName().toString().startsWith("deploy-"))
          .map(m -> m.resolve("README.md")).filter(Files::exists).sorted()
          .forEach(readmes::add);
    }
    return readmes;
  }
}
