package io.processdeploy.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's project made from the README alone: its {@code pom.xml} is the README's block
 * {@code code:consumer-pom} and its only test is the README's quickstart. It is built by Maven in
 * a process of its own, resolving the ProcessDeploy artifacts from a repository holding only what
 * this build produced ({@code invoker:install}) and anything else from the user's repository or
 * Maven Central, and must compile, run the quickstart and pass.
 */
class ConsumerProjectIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path PROJECT = Path.of("target/consumer-project").toAbsolutePath();

  @Test
  void aFreshProjectBuiltFromTheReadmeRunsTheQuickstart() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String pom = block(readme, "consumer-pom", "xml");
    String quickstart = block(readme, "quickstart", "java");
    Matcher className = Pattern.compile("\\nclass (\\w+)").matcher(quickstart);
    assertThat(className.find()).as("the quickstart declares a class").isTrue();

    deleteRecursively(PROJECT);
    Files.createDirectories(PROJECT.resolve("src/test/java"));
    Files.writeString(PROJECT.resolve("pom.xml"), pom);
    Files.writeString(PROJECT.resolve("src/test/java/" + className.group(1) + ".java"),
        quickstart);
    Files.writeString(PROJECT.resolve("settings.xml"), settings());

    Path log = PROJECT.resolve("build.log");
    Process maven = new ProcessBuilder(List.of(maven(), "-B", "-s", "settings.xml",
        "-Dmaven.repo.local=" + property("consumer.repository"), "test"))
        .directory(PROJECT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean ended = maven.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      maven.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(ended).as("the consumer build ended within 15 minutes; log: %s", log).isTrue();
    assertThat(maven.exitValue()).as("exit code of the consumer build:%n%s", tail(output))
        .isZero();
    assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
        .contains("BUILD SUCCESS");
    assertThat(output).as("the consumer resolved this build's deploy-bom")
        .doesNotContain("Could not find artifact io.processdeploy");
  }

  /** The fenced block that follows the marker {@code <!-- code:NAME -->}. */
  static String block(String readme, String name, String language) {
    Matcher m = Pattern.compile("<!-- code:" + name + " -->\\s*```" + language + "\\n(.*?)```",
        Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README block code:" + name).isTrue();
    return m.group(1);
  }

  /**
   * Maven settings that let the consumer reach what the user's repository already holds (plugins,
   * third-party libraries) before Maven Central, without ever installing into it. That
   * repository keeps no checksum files, hence the ignored checksums.
   */
  private static String settings() {
    String userRepository = new File(property("user.repository")).toURI().toString();
    return """
        <settings>
          <profiles>
            <profile>
              <id>user-repository</id>
              <repositories>
                <repository><id>user-repository</id><url>%1$s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots></repository>
              </repositories>
              <pluginRepositories>
                <pluginRepository><id>user-repository</id><url>%1$s</url>
                  <releases><checksumPolicy>ignore</checksumPolicy></releases>
                  <snapshots><enabled>false</enabled></snapshots></pluginRepository>
              </pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
        </settings>
        """.formatted(userRepository);
  }

  private static String maven() {
    Path mvn = Path.of(property("maven.home"), "bin", "mvn");
    assertThat(mvn).as("Maven of this build").isExecutable();
    return mvn.toString();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s, set by this module's pom", name).isNotBlank();
    return value;
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
