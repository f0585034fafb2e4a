package io.processdeploy.api;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where users reach a deployed application.
 *
 * @param gateway the application's gateway
 * @param processWorkspace the Process Workspace UI, or {@code null} when the release has none
 * @param contentApp the Content App UI, or {@code null} when the release has none
 */
public record Links(URI gateway, URI processWorkspace, URI contentApp) {
  /** Validates. */
  public Links {
    Objects.requireNonNull(gateway, "gateway was not specified");
  }

  /** The Process Workspace link, when the release has that UI. */
  public Optional<URI> processWorkspaceLink() {
    return Optional.ofNullable(processWorkspace);
  }

  /** The Content App link, when the release has that UI. */
  public Optional<URI> contentAppLink() {
    return Optional.ofNullable(contentApp);
  }
}
