package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.tck.release.SampleReleases;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

/** The application's name is in the logging context wherever the library works on it. */
class LogContextTest extends ServiceTestSupport {

  /**
   * slf4j-simple, the binding of these tests, keeps no MDC (its adapter is a no-op); logback and
   * log4j keep one. The tests give SLF4J its basic thread-local adapter instead.
   */
  @BeforeAll
  static void keepTheMdc() throws ReflectiveOperationException {
    LoggerFactory.getILoggerFactory();  // binds first: binding sets the provider's adapter
    Field adapter = MDC.class.getDeclaredField("MDC_ADAPTER");
    adapter.setAccessible(true);
    adapter.set(null, new BasicMDCAdapter());
  }

  @Test
  void shouldNestAndRestore() {
    try (LogContext.Scope outer = LogContext.forApplication("a")) {
      try (LogContext.Scope inner = LogContext.forApplication("b")) {
        assertThat(MDC.get(LogContext.APPLICATION)).isEqualTo("b");
      }
      assertThat(MDC.get(LogContext.APPLICATION)).isEqualTo("a");
    }
    assertThat(MDC.get(LogContext.APPLICATION)).isNull();
  }

  @Test
  void shouldNameTheApplicationInItsPipelineRequestsRemovalAndListeners() {
    List<Map.Entry<String, String>> seen = new CopyOnWriteArrayList<>();
    cluster.healthOf = plan -> {
      seen.add(Map.entry("pipeline " + plan.name(), context()));
      return ClusterHealth.running();
    };
    cluster.onSecurityUpdate = plan -> seen.add(Map.entry("request " + plan.name(), context()));
    cluster.onRemove = namespace -> seen.add(Map.entry("removal " + namespace, context()));
    start(serviceBuilder().addListener(event -> seen.add(
        Map.entry("listener " + event.application(), context()))));

    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.Running);
    service.updatePermissions(DEVOPS, "expenses",
        new Security(Members.users("alice"), Members.groups("auditors")));
    service.undeploy(DEVOPS, "expenses");
    waitUntil("removed", () -> service.listApplications(DEVOPS).isEmpty());

    assertThat(seen).extracting(Map.Entry::getKey).contains("pipeline expenses",
        "request expenses", "removal expenses", "listener expenses");
    assertThat(seen).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey())
        .isEqualTo("expenses"));
    assertThat(context()).as("the caller's own context afterwards").isNull();
  }

  private static String context() {
    return MDC.get(LogContext.APPLICATION);
  }
}
