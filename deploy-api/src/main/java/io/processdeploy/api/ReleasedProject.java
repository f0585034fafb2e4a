package io.processdeploy.api;

import java.util.Objects;

/**
 * A project version as the modeling side knows it. Only a {@code released} one can get a
 * descriptor or be deployed.
 *
 * @param ref which project and version
 * @param projectName the project's name (the manifest is {@code <projectName>.json})
 * @param released whether this version was released (releases are immutable)
 * @param content the release's files
 */
public record ReleasedProject(ReleaseRef ref, String projectName, boolean released,
    ReleaseContent content) {
  /** Validates. */
  public ReleasedProject {
    Objects.requireNonNull(ref, "ref was not specified");
    Objects.requireNonNull(content, "content was not specified");
    if (projectName == null || projectName.isBlank()) {
      throw new ValidationException("projectName", "is required");
    }
  }
}
