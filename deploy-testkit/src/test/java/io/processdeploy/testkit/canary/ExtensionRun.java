package io.processdeploy.testkit.canary;

import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.processdeploy.api.Caller;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.DeploymentTest;
import io.processdeploy.testkit.Embedded;
import io.processdeploy.testkit.EventRecorder;
import io.processdeploy.testkit.SampleProjects;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A program run in its own JVM by {@link TestkitExtensionShutdownTest}: runs
 * {@link DeploysTheSample}, a test class using {@link DeploymentTest}, through the JUnit Platform
 * launcher, prints how its tests ended, {@link #LAUNCHER_RETURNED}, the non-daemon threads left
 * and {@link #END}, and returns from {@code main}: the JVM must then end by itself.
 */
public final class ExtensionRun {
  /** Printed, with the counts, when the launcher has run the sample class. */
  public static final String SUCCEEDED = "tests succeeded: ";
  /** Printed, with the failure, for each test or container that did not succeed. */
  public static final String FAILED = "failed: ";
  /** Printed once the launcher has returned (the extension has closed its environment). */
  public static final String LAUNCHER_RETURNED = "=== launcher returned ===";
  /** Printed last, before {@code main} returns. */
  public static final String END = "=== extension run ends ===";

  private ExtensionRun() {}

  /** Runs; see the class description. */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    AtomicInteger tests = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(DeploysTheSample.class)).build(), new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            boolean success = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            if (id.isTest()) {
              tests.incrementAndGet();
              if (success) {
                succeeded.incrementAndGet();
              }
            }
            if (!success) {
              failures.add(id.getDisplayName() + ": " + result.getThrowable()
                  .map(Throwable::toString).orElse(result.getStatus().toString()));
            }
          }
        });
    out.println(LAUNCHER_RETURNED);
    out.println(SUCCEEDED + succeeded + " of " + tests);
    failures.forEach(f -> out.println(FAILED + f));
    out.println(CanaryRun.THREADS_LEFT + CanaryRun.nonDaemonThreadsLeft());
    out.println(END);
    out.flush();
  }

  /** What a user's test does with the extension: deploys the sample until it runs. */
  @DeploymentTest
  static class DeploysTheSample {
    @Embedded static DeploymentService service;
    @Embedded static Caller devops;
    @Embedded static SampleProjects samples;
    @Embedded static EventRecorder events;

    @Test
    void deploysTheExpensesSampleToRunning() {
      service.deployRelease(devops, samples.expenses("expenses"));

      assertThat(events.of("expenses")).reaches(Running).within(Duration.ofSeconds(60));
    }
  }
}
