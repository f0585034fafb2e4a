package io.processdeploy.api;

import io.processdeploy.api.spi.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The credentials pods pull the application's images with, from a registry that needs them:
 * a Secret of type {@value #TYPE} named {@link #name()} in the application's namespace, which
 * every pod of the application names in {@code imagePullSecrets}. {@link #toString()} never shows
 * the password.
 *
 * @param name the Secret's name ({@link ResourceNames#IMAGE_PULL_SECRET})
 * @param registry the registry's {@code host[:port]}, as written in image references
 * @param credentials the user and password pods pull with
 */
public record ImagePullSecret(String name, String registry, RegistryCredentials credentials) {
  /** The Secret type the kubelet reads registry credentials from. */
  public static final String TYPE = "kubernetes.io/dockerconfigjson";
  /** The key of the Secret's data that holds the credentials. */
  public static final String KEY = ".dockerconfigjson";

  /** Validates. */
  public ImagePullSecret {
    Objects.requireNonNull(name, "name was not specified");
    Objects.requireNonNull(registry, "registry was not specified");
    Objects.requireNonNull(credentials, "credentials were not specified");
  }

  /** The pull secret of {@code registry}, named {@link ResourceNames#IMAGE_PULL_SECRET}. */
  public static ImagePullSecret of(String registry, RegistryCredentials credentials) {
    return new ImagePullSecret(ResourceNames.IMAGE_PULL_SECRET, registry, credentials);
  }

  /**
   * The Secret's {@value #KEY} content: a Docker configuration with one entry under
   * {@code auths}, e.g. {@code {"auths":{"127.0.0.1:5001":{"username":..,"password":..,
   * "auth":base64(user:password)}}}}.
   */
  public String dockerConfigJson() {
    String auth = Base64.getEncoder().encodeToString((credentials.username() + ":"
        + credentials.password()).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{" + quote(registry) + ":{\"username\":" + quote(credentials.username())
        + ",\"password\":" + quote(credentials.password()) + ",\"auth\":" + quote(auth) + "}}}";
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return "ImagePullSecret[name=" + name + ", registry=" + registry + ", username="
        + credentials.username() + ", password=******]";
  }
}
