package io.processdeploy.testkit.hostile;

import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.ReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The sample releases, except that it can be told to answer a project with a hostile version or
 * with files at hostile paths, as a broken or compromised modeling service would.
 */
final class LyingReleaseSource implements ReleaseSource {
  private final ReleaseSource samples = SampleReleases.source();
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final Map<String, String> paths = new ConcurrentHashMap<>();

  @Override
  public Optional<ReleasedProject> find(ReleaseRef ref) {
    Optional<ReleasedProject> found = samples.find(ref);
    String version = versions.get(ref.projectId());
    String path = paths.get(ref.projectId());
    return found.map(project -> new ReleasedProject(
        version == null ? project.ref() : new ReleaseRef(ref.projectId(), version),
        project.projectName(), project.released(),
        path == null ? project.content() : ReleaseContent.ofText(Map.of(path, "<x/>"))));
  }

  /** Runs {@code action} while the project answers with {@code version}. */
  <T> T withVersion(String projectId, String version, Supplier<T> action) {
    versions.put(projectId, version);
    try {
      return action.get();
    } finally {
      versions.remove(projectId);
    }
  }

  /** Runs {@code action} while the project answers with one file at {@code path}. */
  <T> T withPath(String projectId, String path, Supplier<T> action) {
    paths.put(projectId, path);
    try {
      return action.get();
    } finally {
      paths.remove(projectId);
    }
  }

  @Override
  public String id() {
    return "lying-samples";
  }
}
