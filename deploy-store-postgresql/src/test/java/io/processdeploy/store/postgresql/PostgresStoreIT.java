package io.processdeploy.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.tck.store.DurableDeploymentStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL ({@code scripts/test-servers.sh start postgresql}). */
class PostgresStoreIT extends DurableDeploymentStoreContract {
  @Override
  protected DeploymentStore createStore(Clock clock) throws Exception {
    PostgresStore store = TestDatabase.store().withClock(clock).build();
    TestDatabase.truncate();
    return store;
  }

  @Override
  protected DeploymentStore reopen(DeploymentStore old) {
    old.close();
    return TestDatabase.store().withClock(clock).build();
  }

  @Test
  void shouldKeepRecordsAsJsonTextWithAVersion() throws Exception {
    store.insertApplication(application("expenses"));
    long version = store.findVersionedApplication("expenses").orElseThrow().version();
    try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(),
            TestDatabase.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, body FROM processdeploy_application"
            + " WHERE name = 'expenses'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(version);
      assertThat(rs.getString(2)).contains("\"CreateApp\"", "\"DeployStarted\"");
    }
  }

  @Test
  void shouldJudgeLeasesByTheDatabaseClockWhenNoneIsGiven() {
    try (PostgresStore byDatabase = TestDatabase.store().build()) {
      Optional<Lease> lease = byDatabase.tryAcquireLease("by-database", "instance-1",
          Duration.ofMinutes(5));
      assertThat(lease).isPresent();
      assertThat(byDatabase.tryAcquireLease("by-database", "instance-2", Duration.ofMinutes(5)))
          .isEmpty();
      Duration left = Duration.between(java.time.Instant.now(), lease.orElseThrow().expiresAt());
      assertThat(left).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
      assertThat(byDatabase.releaseLease("by-database", "instance-1")).isTrue();
    }
  }

  @Test
  void shouldReportHealthWithoutThePassword() {
    assertThat(store.health().up()).isTrue();
    assertThat(store.health().toString()).doesNotContain(TestDatabase.password());
  }

  @Test
  void refusesAWrongPasswordWithoutNamingIt() {
    String wrong = "not-the-pa55word";
    assertThatThrownBy(() -> PostgresStore.builder().withJdbcUrl(TestDatabase.url())
        .withUsername(TestDatabase.user()).withPassword(wrong).build())
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining(wrong)
        .satisfies(e -> assertThat(e.getCause()).isNull());
  }

  @Test
  void refusesAPasswordInTheUrlWithoutNamingIt() {
    String url = TestDatabase.url() + "?user=" + TestDatabase.user() + "&password=url-pa55word";
    assertThatThrownBy(() -> PostgresStore.builder().withJdbcUrl(url).build())
        .isInstanceOf(DeploymentException.class)
        .hasMessageNotContaining("url-pa55word");
  }

  @Test
  void refusesMissingOrTwoDatabases() {
    assertThatThrownBy(() -> PostgresStore.builder().build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("jdbcUrl"));
    assertThatThrownBy(() -> PostgresStore.builder().withJdbcUrl("jdbc:mysql://db/x").build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("jdbcUrl"));
  }
}
