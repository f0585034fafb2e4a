package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A deployment service on fake SPIs, and the callers tests use. */
abstract class ServiceTestSupport {
  static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  /** Admin of the expenses sample requests. */
  static final Caller ALICE = Caller.of("alice");
  /** Member of the accounting group, user of the expenses sample requests. */
  static final Caller CARL = new Caller("carl", Set.of("accounting"), Set.of());
  /** Neither devops nor admin nor user of anything. */
  static final Caller EVE = new Caller("eve", Set.of("sales"), Set.of("ACTIVITI_USER"));
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path work;

  final InMemoryReleaseSource releases = SampleReleases.source();
  final InMemoryStore store = new InMemoryStore();
  final FakeImageBuilder builder = new FakeImageBuilder();
  final FakeImageRegistry registry = new FakeImageRegistry();
  final FakeClusterTarget cluster = new FakeClusterTarget();
  final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
  DeploymentService service;

  DeploymentService.Builder serviceBuilder() {
    return DeploymentService.builder()
        .withReleaseSource(releases)
        .withStore(store)
        .withImageBuilder(builder)
        .withImageRegistry(registry)
        .withClusterTarget(cluster)
        .withWorkDirectory(work)
        .withWorkers(4);
  }

  DeploymentService start() {
    return start(serviceBuilder());
  }

  DeploymentService start(DeploymentService.Builder b) {
    service = b.addListener(events::add).build();
    return service;
  }

  @AfterEach
  void closeService() {
    if (service != null) {
      service.close();
    }
  }

  /**
   * Waits until the application's status satisfies {@code until}, then for at most two seconds
   * until the listener has received the event of that status (listeners are called on their own
   * threads; an application that had the status before this service started gets no event).
   */
  Application await(String name, Predicate<ApplicationStatus> until) {
    Application app = service.awaitStatus(DEVOPS, name, until, WAIT);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!announcedLastTransition(app) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return app;
  }

  /** Whether the listener has received the event of the application's latest transition. */
  private boolean announcedLastTransition(Application app) {
    if (app.history().isEmpty()) {
      return true;
    }
    StatusTransition last = app.history().get(app.history().size() - 1);
    return events.stream().anyMatch(e -> e instanceof StatusChanged s
        && s.application().equals(app.name()) && s.to() == last.to()
        && s.time().equals(last.at()));
  }

  Application awaitStatus(String name, ApplicationStatus status) {
    return await(name, s -> s == status);
  }

  /** The statuses announced for an application, in order. */
  List<ApplicationStatus> announced(String name) {
    return events.stream()
        .filter(e -> e instanceof StatusChanged s && s.application().equals(name))
        .map(e -> ((StatusChanged) e).to())
        .toList();
  }

  /** Polls until {@code condition} holds (for state reached asynchronously), at most 20 s. */
  static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what);
      }
    }
  }

  void assertNothingStored() {
    assertThat(store.descriptors()).isEmpty();
    assertThat(store.applications()).isEmpty();
    assertThat(builder.requests).isEmpty();
    assertThat(cluster.applied).isEmpty();
  }

  /** Refused by createDescriptor and by deployRelease alike, with nothing stored. */
  DeploymentException rejects(DescriptorRequest request,
      Class<? extends DeploymentException> type) {
    Throwable created = catchThrowable(() -> service.createDescriptor(DEVOPS, request));
    assertThat(created).isInstanceOf(type);
    assertNothingStored();
    Throwable deployed = catchThrowable(() -> service.deployRelease(DEVOPS, request));
    assertThat(deployed).isInstanceOf(type).hasMessage(created.getMessage());
    assertNothingStored();
    return (DeploymentException) created;
  }

  /** Refused as {@link #rejects} says, naming {@code field}. */
  ValidationException rejectsField(DescriptorRequest request, String field) {
    ValidationException e = (ValidationException) rejects(request, ValidationException.class);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ");
    return e;
  }

  /** A process definition with one service task calling {@code implementation}. */
  static String bpmn(String implementation) {
    return "<?xml version=\"1.0\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
        + "<process id=\"p\"><serviceTask id=\"t\" implementation=\"" + implementation + "\"/>"
        + "</process></definitions>";
  }
}
