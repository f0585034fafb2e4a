package io.processdeploy.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each published module's build leaves for a repository: jar, sources, javadoc, a module name. */
class PublishedJarsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @CsvSource({"deploy-api, io.processdeploy.api", "deploy-core, io.processdeploy.core",
      "deploy-registry, io.processdeploy.registry", "deploy-k8s, io.processdeploy.k8s",
      "deploy-helm, io.processdeploy.helm", "deploy-tck, io.processdeploy.tck",
      "deploy-store-postgresql, io.processdeploy.store.postgresql",
      "deploy-testkit, io.processdeploy.testkit"})
  void shouldCarryAModuleNameSourcesAndJavadoc(String module, String moduleName)
      throws IOException {
    String base = module + "-" + System.getProperty("project.version");
    Path target = ROOT.resolve(module).resolve("target");

    try (JarFile jar = new JarFile(target.resolve(base + ".jar").toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo(moduleName);
      assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
          .isEqualTo(System.getProperty("project.version"));
    }
    try (JarFile sources = new JarFile(target.resolve(base + "-sources.jar").toFile())) {
      assertThat(sources.stream().filter(e -> e.getName().endsWith(".java")).count())
          .isPositive();
    }
    try (JarFile javadoc = new JarFile(target.resolve(base + "-javadoc.jar").toFile())) {
      assertThat(javadoc.getEntry("index.html")).isNotNull();
    }
  }
}
