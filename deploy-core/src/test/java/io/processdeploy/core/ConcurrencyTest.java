package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConflictException;
import io.processdeploy.tck.release.SampleReleases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends ServiceTestSupport {
  private static final int THREADS = 16;
  private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

  @BeforeEach
  void startService() {
    start();
  }

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  /** Runs {@code call} on 16 threads at once; returns how many returned and how many conflicted. */
  private int[] race(Callable<Application> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      results.add(callers.submit(() -> {
        go.await();
        try {
          call.call();
          return true;
        } catch (ConflictException e) {
          return false;
        }
      }));
    }
    go.countDown();
    int[] outcome = new int[2];
    for (Future<Boolean> f : results) {
      outcome[f.get(30, TimeUnit.SECONDS) ? 0 : 1]++;
    }
    return outcome;
  }

  @Test
  void shouldLetExactlyOneOf16DeploysOfTheSameReleaseAndNameWin() throws Exception {
    int[] outcome = race(() -> service.deployRelease(DEVOPS,
        SampleReleases.expensesRequest("contested").build()));
    assertThat(outcome).containsExactly(1, THREADS - 1);
    assertThat(store.descriptors()).hasSize(1);
    assertThat(store.applications()).hasSize(1);
    awaitStatus("contested", ApplicationStatus.Running);
    assertThat(builder.requests).hasSize(1);
    assertThat(cluster.applied).hasSize(1);
    assertThat(announced("contested")).filteredOn(s -> s == ApplicationStatus.CreateApp).hasSize(1);
  }

  @Test
  void shouldLetExactlyOneOf16DeploysOfTheSameDescriptorWin() throws Exception {
    service.createDescriptor(DEVOPS, SampleReleases.timesheetsRequest("contested").build());
    int[] outcome = race(() -> service.deploy(DEVOPS, "contested"));
    assertThat(outcome).containsExactly(1, THREADS - 1);
    assertThat(store.applications()).hasSize(1);
    awaitStatus("contested", ApplicationStatus.Running);
    assertThat(cluster.applied).hasSize(1);
  }

  @Test
  void shouldDeployManyApplicationsAtOnceOnAFewWorkers() throws Exception {
    List<Future<Application>> accepted = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String name = "app-" + i;
      accepted.add(callers.submit(() -> service.deployRelease(DEVOPS,
          SampleReleases.timesheetsRequest(name).build())));
    }
    for (Future<Application> f : accepted) {
      f.get(30, TimeUnit.SECONDS);
    }
    for (int i = 0; i < 24; i++) {
      assertThat(awaitStatus("app-" + i, ApplicationStatus.Running).history()).hasSize(6);
    }
    assertThat(cluster.applied).hasSize(24);
  }
}
