package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker credential helper protocol: the host on standard input, JSON on standard output. */
class DockerCredentialHelperProcessTest {
  @TempDir
  Path dir;

  private Path helper(String script) throws IOException {
    Path file = dir.resolve("docker-credential-test");
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void shouldReadTheCredentialsTheHelperGivesForTheHost() throws IOException {
    Path program = helper("read host\n[ \"$1\" = get ] || exit 3\n"
        + "[ \"$host\" = registry.example.com ] || exit 4\n"
        + "echo '{\"ServerURL\":\"registry.example.com\",\"Username\":\"ci\",\"Secret\":\"s3\"}'\n");

    assertThat(new DockerCredentialHelperProcess(program).credentialsFor("registry.example.com"))
        .contains(new RegistryCredentials("ci", "s3"));
  }

  @Test
  void shouldGiveNothingWhenTheHelperKnowsNoCredentials() throws IOException {
    Path program = helper("echo 'credentials not found in native keychain'\nexit 1\n");

    assertThat(new DockerCredentialHelperProcess(program).credentialsFor("r.example.com"))
        .isEmpty();
  }

  @Test
  void shouldSayWhichHelperCouldNotBeRun() {
    assertThatThrownBy(() -> new DockerCredentialHelperProcess(dir.resolve("missing"))
        .credentialsFor("r.example.com"))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("missing")
        .hasMessageContaining("could not be run");
  }

  @Test
  void rejectsANameThatIsNoProgramSuffix() {
    assertThatThrownBy(() -> new DockerCredentialHelperProcess("../evil"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
