package io.processdeploy.store.postgresql;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the integration tests use: {@code scripts/test-servers.sh start} starts it and
 * {@code scripts/test-servers.sh env} prints the variables read here (defaults: the same server).
 */
final class TestDatabase {
  static final String START = "start PostgreSQL: scripts/test-servers.sh start postgresql"
      + " (then eval \"$(scripts/test-servers.sh env)\")";

  private TestDatabase() {}

  static String url() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:55432/processdeploy");
  }

  static String user() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_USER", "processdeploy");
  }

  static String password() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_PASSWORD",
        "processdeploy-secret");
  }

  /** Fails the test, saying what to start, when the database does not answer. */
  static void requireReachable() {
    try (Connection c = DriverManager.getConnection(url(), user(), password())) {
      c.isValid(5);
    } catch (SQLException e) {
      fail("no PostgreSQL at " + url() + " (" + e.getMessage() + "); " + START);
    }
  }

  /** A store on the test database. */
  static PostgresStore.Builder store() {
    requireReachable();
    return PostgresStore.builder().withJdbcUrl(url()).withUsername(user())
        .withPassword(password()).withMaximumPoolSize(20);
  }

  /** Empties the store's tables (they exist once a store was built). */
  static void truncate() throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), user(), password());
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE processdeploy_descriptor, processdeploy_application,"
          + " processdeploy_lease");
    }
  }
}
