package io.processdeploy.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a sample test class on the JUnit Platform and keeps what happened to each test. */
final class SampleRun {
  /** One finished test or container. */
  record Result(String name, boolean container, TestExecutionResult result) {
    boolean succeeded() {
      return result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
    }

    String failureMessage() {
      return result.getThrowable().map(Throwable::getMessage).orElse("");
    }
  }

  private final List<Result> results = new ArrayList<>();

  private SampleRun() {}

  /** Runs every test of {@code sample}. */
  static SampleRun of(Class<?> sample) {
    SampleRun run = new SampleRun();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
        .build(), new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            synchronized (run.results) {
              run.results.add(new Result(id.getDisplayName(), id.isContainer(), result));
            }
          }
        });
    return run;
  }

  /** The tests (not containers) that ran. */
  List<Result> tests() {
    return results.stream().filter(r -> !r.container()).toList();
  }

  /** The first failure of a test or container, if any. */
  Optional<Throwable> firstFailure() {
    return results.stream().map(r -> r.result().getThrowable()).flatMap(Optional::stream)
        .findFirst();
  }

  @Override
  public String toString() {
    return results.toString();
  }
}
