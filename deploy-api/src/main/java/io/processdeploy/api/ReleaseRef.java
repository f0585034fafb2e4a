package io.processdeploy.api;


/**
 * Points at one released version of a project.
 *
 * @param projectId the project's identifier in the modeling service
 * @param version the release version, e.g. {@code 3}
 */
public record ReleaseRef(String projectId, String version) {
  /** Validates. */
  public ReleaseRef {
    if (projectId == null || projectId.isBlank()) {
      throw new ValidationException("release.projectId", "is required; give the id of a released"
          + " project");
    }
    if (version == null || version.isBlank()) {
      throw new ValidationException("release.version", "is required; give the release version to"
          + " deploy");
    }
  }

  /** Shorthand constructor. */
  public static ReleaseRef of(String projectId, String version) {
    return new ReleaseRef(projectId, version);
  }

  @Override
  public String toString() {
    return projectId + "@" + version;
  }

}
