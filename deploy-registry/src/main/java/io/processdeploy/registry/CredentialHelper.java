package io.processdeploy.registry;

import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.internal.DockerCredentialHelperProcess;
import java.util.Optional;

/**
 * Finds the credentials of a registry when they are not given explicitly, e.g. from a secret
 * store. Asked at most once per registry client and host; must not log the secret.
 *
 * <pre>{@code
 * OciRegistry registry = OciRegistry.builder("registry.example.com")
 *     .withCredentialHelper(CredentialHelper.dockerCredentialHelper("pass"))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface CredentialHelper {
  /** Credentials for {@code host} ({@code host[:port]}), or empty when it has none. */
  Optional<RegistryCredentials> credentialsFor(String host);

  /** A helper that never has credentials. */
  static CredentialHelper none() {
    return host -> Optional.empty();
  }

  /**
   * A helper that runs a Docker credential helper program, {@code docker-credential-<name> get},
   * as {@code docker login} does (e.g. {@code pass}, {@code secretservice}, {@code ecr-login}).
   * The program must be on the {@code PATH}.
   */
  static CredentialHelper dockerCredentialHelper(String name) {
    return new DockerCredentialHelperProcess(name);
  }
}
