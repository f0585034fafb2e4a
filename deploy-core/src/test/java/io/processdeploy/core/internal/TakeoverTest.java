package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.SampleReleases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What one round of lease renewal and takeover asks of the store. */
class TakeoverTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Test
  void shouldAskTheStoreTheSameHoweverManyApplicationsThereAre() {
    Map<String, Integer> few = callsOfARound(4);
    Map<String, Integer> many = callsOfARound(40);

    assertThat(few).isEqualTo(Map.of("applications", 1, "leases", 1, "renewLeases", 1));
    assertThat(many).isEqualTo(few);
  }

  @Test
  void shouldTakeOverOnlyWhatNobodyHolds() {
    InMemoryStore store = new InMemoryStore();
    for (int i = 0; i < 4; i++) {
      store.insertApplication(application("app-" + i));
    }
    store.tryAcquireLease("app-1", "other", LEASE).orElseThrow();
    List<String> driven = new ArrayList<>();
    ApplicationLeases leases = new ApplicationLeases(store, "me", LEASE, name -> { });
    try (Takeover takeover = new Takeover(store, leases, name -> { },
        app -> driven.add(app.name()), app -> { })) {
      takeover.round();
      takeover.round();
    }
    assertThat(driven).as("each once").containsExactlyInAnyOrder("app-0", "app-2", "app-3");
    assertThat(leases.held()).containsExactlyInAnyOrder("app-0", "app-2", "app-3");
    assertThat(store.findLease("app-1").orElseThrow().owner()).isEqualTo("other");
  }

  /**
   * The store calls of a round of an instance holding half of {@code applications} (the other
   * half held by another instance), after the round that took its half.
   */
  private static Map<String, Integer> callsOfARound(int applications) {
    InMemoryStore store = new InMemoryStore();
    for (int i = 0; i < applications; i++) {
      store.insertApplication(application("app-" + i));
      if (i % 2 == 1) {
        store.tryAcquireLease("app-" + i, "other", LEASE).orElseThrow();
      }
    }
    Map<String, Integer> calls = new TreeMap<>();
    DeploymentStore counted = (DeploymentStore) Proxy.newProxyInstance(
        DeploymentStore.class.getClassLoader(), new Class<?>[] {DeploymentStore.class},
        (proxy, method, args) -> {
          synchronized (calls) {
            calls.merge(method.getName(), 1, Integer::sum);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    List<String> reconciled = new ArrayList<>();
    ApplicationLeases leases = new ApplicationLeases(counted, "me", LEASE, name -> { });
    try (Takeover takeover = new Takeover(counted, leases, name -> { }, app -> { },
        app -> reconciled.add(app.name()))) {
      takeover.round();
      assertThat(leases.held()).hasSize(applications / 2);
      calls.clear();
      takeover.round();
    }
    assertThat(reconciled).as("each held application reconciled in the second round")
        .hasSize(applications / 2);
    return calls;
  }

  private static Application application(String name) {
    DeploymentDescriptor descriptor = new DeploymentDescriptor(name, SampleReleases.EXPENSES,
        new Security(Members.users("alice"), Members.NONE), List.of(), Infrastructure.NONE,
        Instant.EPOCH, "dana");
    return Application.create(descriptor, name, Instant.EPOCH, "dana");
  }
}
