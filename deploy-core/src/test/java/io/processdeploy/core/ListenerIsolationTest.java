package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.core.internal.EventBus;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slow, blocked or throwing listener delays nobody else's events, nor the deployments. */
class ListenerIsolationTest extends ServiceTestSupport {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger blockedCalls = new AtomicInteger();

  @AfterEach
  void releaseBlockedListener() {
    release.countDown();
  }

  private void blockForever(DeploymentEvent event) {
    blockedCalls.incrementAndGet();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldReachRunningAndDeliverToOthersWhileAListenerBlocksForever() {
    start(serviceBuilder().addListener(this::blockForever).addListener(e -> {
      throw new IllegalStateException("a listener that always throws");
    }));
    long started = System.nanoTime();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.Running);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    waitUntil("the other listener has seen Running",
        () -> announced("expenses").contains(ApplicationStatus.Running));
    assertThat(announced("expenses")).containsSubsequence(ApplicationStatus.CreateApp,
        ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush,
        ApplicationStatus.DeployStarted, ApplicationStatus.Running);
    assertThat(blockedCalls).hasValue(1);
    assertThat(took).isLessThan(WAIT);
  }

  @Test
  void shouldKeepEachApplicationsOrderPerListener() {
    List<String> slowSeen = new CopyOnWriteArrayList<>();
    start(serviceBuilder().addListener(e -> {
      if (e instanceof StatusChanged s) {
        sleep(5);
        slowSeen.add(s.application() + ":" + s.to());
      }
    }));
    for (String name : List.of("expenses-a", "expenses-b", "expenses-c")) {
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name).build());
    }
    for (String name : List.of("expenses-a", "expenses-b", "expenses-c")) {
      awaitStatus(name, ApplicationStatus.Running);
      waitUntil("the slow listener has seen " + name + " Running",
          () -> slowSeen.contains(name + ":Running"));
      List<String> own = slowSeen.stream().filter(s -> s.startsWith(name + ":")).toList();
      List<String> fast = announced(name).stream().map(s -> name + ":" + s).toList();
      assertThat(own).isEqualTo(fast);
    }
  }

  @Test
  void shouldDropTheOldestEventsOfAListenerThatFallsTooFarBehind() {
    EventBus bus = new EventBus(3);
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    bus.subscribe(e -> {
      first.countDown();
      try {
        go.await();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      seen.add(((LogLine) e).message());
    });
    bus.publish(line("0"));
    awaitLatch(first);
    for (int i = 1; i <= 10; i++) {
      bus.publish(line(String.valueOf(i)));
    }
    go.countDown();
    assertThat(bus.awaitDelivered(WAIT)).isTrue();
    assertThat(seen).containsExactly("0", "8", "9", "10");
    bus.close();
  }

  @Test
  void shouldDeliverWhatIsQueuedOnClose() {
    EventBus bus = new EventBus();
    List<String> seen = new CopyOnWriteArrayList<>();
    bus.subscribe(e -> {
      sleep(2);
      seen.add(((LogLine) e).message());
    });
    for (int i = 0; i < 100; i++) {
      bus.publish(line(String.valueOf(i)));
    }
    bus.close(WAIT);
    assertThat(seen).hasSize(100).startsWith("0", "1").endsWith("99");
  }

  private static LogLine line(String text) {
    return new LogLine("expenses", text, Instant.EPOCH);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
