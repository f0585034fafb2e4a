package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer is optional: nothing but {@code core.metrics} needs it, and a deploy runs without. */
class OptionalMicrometerTest {
  private static final String METRICS_PACKAGE = "io/processdeploy/core/metrics/";

  @Test
  void shouldDeployWithNoMicrometerOnTheClassPath(@TempDir Path work) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : testClassPath()) {
      if (!entry.isBlank() && !entry.replace('\\', '/').contains("/io/micrometer/")) {
        urls.add(url(entry));
      }
    }
    assertThat(urls).as("the class path without Micrometer").isNotEmpty();
    try (URLClassLoader withoutMicrometer = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Function<Path, String> deploy = (Function<Path, String>) withoutMicrometer
          .loadClass(DeployWithoutMicrometer.class.getName()).getDeclaredConstructor()
          .newInstance();
      assertThat(deploy.getClass().getClassLoader()).isSameAs(withoutMicrometer);

      assertThat(deploy.apply(work)).isEqualTo("Running");
    }
  }

  @Test
  void shouldReferToMicrometerOnlyFromTheMetricsPackage() throws IOException {
    Path classes = Path.of(location(DeploymentService.class));
    assertThat(classes).as("the main classes of deploy-core").isDirectory();
    List<String> referring = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
        if (read(f).contains("io/micrometer/")) {
          referring.add(name);
        }
      });
    }
    assertThat(referring).as("classes that refer to Micrometer").isNotEmpty()
        .allMatch(name -> name.startsWith(METRICS_PACKAGE));
  }

  /** The test class path as Maven Surefire gives it, else the JVM's. */
  private static String[] testClassPath() {
    String path = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return path.split(File.pathSeparator);
  }

  private static URL url(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(entry, e);
    }
  }

  private static java.net.URI location(Class<?> type) {
    try {
      return type.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
