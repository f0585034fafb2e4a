package io.processdeploy.api.spi;

import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import java.util.Optional;

/** Finds released projects: the embedding application's modeling side. */
public interface ReleaseSource extends Discoverable {
  /** The project version, released or not, or empty when it does not exist. */
  Optional<ReleasedProject> find(ReleaseRef ref);
}
