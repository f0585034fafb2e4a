package io.processdeploy.tck.release;

import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.ReleaseSource;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ReleaseSource} holding project versions in memory, for tests and demos. Thread-safe;
 * versions can be added after it is built.
 *
 * <pre>{@code
 * InMemoryReleaseSource releases = InMemoryReleaseSource.builder()
 *     .add(SampleReleases.expenses())
 *     .build();
 * }</pre>
 */
public final class InMemoryReleaseSource implements ReleaseSource {
  private final Map<ReleaseRef, ReleasedProject> projects = new ConcurrentHashMap<>();

  private InMemoryReleaseSource(Collection<ReleasedProject> initial) {
    initial.forEach(this::add);
  }

  /** Starts an empty source. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adds or replaces one project version. */
  public void add(ReleasedProject project) {
    Objects.requireNonNull(project, "project was not specified");
    projects.put(project.ref(), project);
  }

  /** Removes one project version; returns whether it was there. */
  public boolean remove(ReleaseRef ref) {
    return projects.remove(ref) != null;
  }

  @Override
  public Optional<ReleasedProject> find(ReleaseRef ref) {
    return Optional.ofNullable(projects.get(ref));
  }

  @Override
  public String id() {
    return "in-memory";
  }

  /** Builds an {@link InMemoryReleaseSource}. */
  public static final class Builder {
    private final java.util.List<ReleasedProject> projects = new java.util.ArrayList<>();

    private Builder() {}

    /** Adds one project version. */
    public Builder add(ReleasedProject project) {
      projects.add(Objects.requireNonNull(project, "project was not specified"));
      return this;
    }

    /** Adds every project version. */
    public Builder addAll(Collection<ReleasedProject> values) {
      values.forEach(this::add);
      return this;
    }

    /** Builds the source. */
    public InMemoryReleaseSource build() {
      return new InMemoryReleaseSource(projects);
    }
  }
}
