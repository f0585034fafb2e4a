package io.processdeploy.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed container image reference: {@code [registry/]repository[:tag][@digest]}.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("127.0.0.1:5000/apps/invoices:1.0.0");
 * ref.registry();   // "127.0.0.1:5000"
 * ref.repository(); // "apps/invoices"
 * }</pre>
 *
 * @param registry registry host[:port]; {@code docker.io} when the reference names none
 * @param repository the repository path, lowercase
 * @param tag the tag, or {@code null}
 * @param digest the digest such as {@code sha256:…}, or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REFERENCE = Pattern.compile(
      "(?:(?<registry>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
          + "[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?"
          + "(?<repository>" + COMPONENT + "(?:/" + COMPONENT + ")*)"
          + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
          + "(?:@(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}))?");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}");

  /** Validates. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry was not specified");
    Objects.requireNonNull(repository, "repository was not specified");
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new ValidationException("digest", "'" + digest + "' is not a digest like sha256:<hex>");
    }
  }

  /**
   * Parses a reference.
   *
   * @throws ValidationException naming field {@code image} when it does not parse
   */
  public static ImageReference parse(String reference) {
    return parse("image", reference);
  }

  /**
   * Parses a reference; a failure names {@code field}.
   *
   * @throws ValidationException when the text is not an image reference
   */
  public static ImageReference parse(String field, String reference) {
    if (reference == null || reference.isBlank()) {
      throw new ValidationException(field, "an image reference is required, e.g."
          + " 'registry.example.com/team/connector:1.0'");
    }
    Matcher m = REFERENCE.matcher(reference.trim());
    if (!m.matches()) {
      throw new ValidationException(field, "'" + reference + "' is not an image reference; write"
          + " [registry/]repository[:tag][@sha256:digest] in lowercase, e.g."
          + " 'registry.example.com/team/connector:1.0'");
    }
    String registry = m.group("registry");
    String repository = m.group("repository");
    if (registry != null && !registry.contains(".") && !registry.contains(":")
        && !registry.equals("localhost")) {
      repository = registry + "/" + repository; // "library/x" style: first part is a path
      registry = null;
    }
    if (registry == null) {
      registry = "docker.io";
      if (!repository.contains("/")) {
        repository = "library/" + repository;
      }
    }
    return new ImageReference(registry, repository, m.group("tag"), m.group("digest"));
  }

  /** A reference to the same repository with another tag and no digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  /** A reference to the same repository pinned to {@code newDigest} (the tag is kept). */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, repository, tag, newDigest);
  }

  /** The tag, or {@code latest} when none was given and there is no digest. */
  public String tagOrLatest() {
    return tag != null ? tag : "latest";
  }

  /** The full text form, e.g. {@code 127.0.0.1:5000/apps/x:1@sha256:…}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      sb.append(':').append(tag);
    }
    if (digest != null) {
      sb.append('@').append(digest);
    }
    return sb.toString();
  }
}
