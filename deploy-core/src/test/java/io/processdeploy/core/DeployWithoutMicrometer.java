package io.processdeploy.core;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Deploys the expenses sample on fake SPIs and returns the status it reached; run by
 * {@link OptionalMicrometerTest} in a class loader that has no Micrometer.
 */
public final class DeployWithoutMicrometer implements Function<Path, String> {
  @Override
  public String apply(Path work) {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
          getClass().getClassLoader());
      return "Micrometer is on the class path";
    } catch (ClassNotFoundException expected) {
      // as intended: the library must run without it
    }
    Caller devops = Caller.of("dana", "APS_DEVOPS");
    try (DeploymentService service = DeploymentService.builder()
        .withReleaseSource(SampleReleases.source())
        .withStore(new InMemoryStore())
        .withImageBuilder(new FakeImageBuilder())
        .withImageRegistry(new FakeImageRegistry())
        .withClusterTarget(new FakeClusterTarget())
        .withWorkDirectory(work)
        .build()) {
      service.deployRelease(devops, SampleReleases.expensesRequest("expenses").build());
      Application app = service.awaitStatus(devops, "expenses", ApplicationStatus::isDeployed,
          Duration.ofSeconds(20));
      return app.status().name();
    }
  }
}
