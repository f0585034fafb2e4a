package io.processdeploy.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the {@code sha256:<hex>} form registries use. */
public final class Digests {
  private Digests() {}

  /** A fresh SHA-256 message digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The digest of {@code bytes}, e.g. {@code sha256:e3b0…}. */
  public static String of(byte[] bytes) {
    return format(sha256().digest(bytes));
  }

  /** Formats raw SHA-256 bytes as {@code sha256:<hex>}. */
  public static String format(byte[] sha256) {
    return "sha256:" + HexFormat.of().formatHex(sha256);
  }

  /** The hex part of {@code sha256:<hex>}. */
  public static String hex(String digest) {
    if (!digest.startsWith("sha256:") || digest.length() != 71) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return digest.substring(7);
  }

  /** Reads {@code in} to its end and returns its digest and length. */
  public static Sized of(InputStream in) throws IOException {
    MessageDigest md = sha256();
    byte[] buffer = new byte[64 * 1024];
    long size = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      md.update(buffer, 0, n);
      size += n;
    }
    return new Sized(format(md.digest()), size);
  }

  /**
   * A digest with the length of the content it was computed over.
   *
   * @param digest {@code sha256:<hex>}
   * @param size bytes
   */
  public record Sized(String digest, long size) {}
}
