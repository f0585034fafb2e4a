package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.CredentialHelper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs {@code docker-credential-<name> get} with the host on standard input. */
public final class DockerCredentialHelperProcess implements CredentialHelper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String program;

  /** A helper running {@code docker-credential-<name>}. */
  public DockerCredentialHelperProcess(String name) {
    Objects.requireNonNull(name, "credential helper name was not specified");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("credential helper name '" + name + "' must be a plain"
          + " program suffix such as 'pass'");
    }
    this.program = "docker-credential-" + name;
  }

  /** A helper running the program at {@code program}, e.g. one outside the {@code PATH}. */
  public DockerCredentialHelperProcess(java.nio.file.Path program) {
    this.program = Objects.requireNonNull(program, "program was not specified").toString();
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String host) {
    try {
      Process process = new ProcessBuilder(program, "get")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(host.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the helper exited without reading its input; its exit status says why
      }
      byte[] out;
      try (InputStream stdout = process.getInputStream()) {
        out = stdout.readAllBytes();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new StepFailedException(program + " did not answer within 30 s for " + host);
      }
      if (process.exitValue() != 0) {
        // Helpers answer "credentials not found in native keychain" with a non-zero status.
        return Optional.empty();
      }
      JsonNode node = JSON.readTree(out);
      String user = node.path("Username").asText("");
      String secret = node.path("Secret").asText("");
      return secret.isEmpty() ? Optional.empty()
          : Optional.of(new RegistryCredentials(user, secret));
    } catch (IOException e) {
      throw new StepFailedException("credential helper " + program + " could not be run for "
          + host + ": " + e.getMessage() + "; install it or configure credentials explicitly",
          false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while asking " + program + " for credentials",
          true, e);
    }
  }
}
