package io.processdeploy.store.postgresql;

import io.processdeploy.api.DeploymentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs statements on the store's data source, one connection per call (auto-commit), and turns
 * SQL failures into {@link DeploymentException}s whose messages hold no stored value and no
 * password.
 */
final class Sql {
  /** A statement's work on an open connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final Clock clock;
  private final Redaction redaction;

  /**
   * @param clock the clock leases expire by, or {@code null} for the database's
   */
  Sql(DataSource dataSource, Clock clock, Redaction redaction) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.redaction = redaction;
  }

  <T> T run(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Sets parameter {@code index} to the time leases are judged by: the injected clock's, or
   * {@code null}, which the statements read as "the database's clock".
   */
  void setNow(PreparedStatement statement, int index) throws SQLException {
    if (clock == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      statement.setObject(index, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
          Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  /** A failure that says what failed and why, without values of rows or the password. */
  DeploymentException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      // Only the server's primary message: its detail may quote the values of a row.
      ServerErrorMessage server = p.getServerErrorMessage();
      return new DeploymentException("the PostgreSQL store cannot " + what + ": "
          + redaction.apply(server.getMessage()) + state);
    }
    String message = redaction.apply(String.valueOf(e.getMessage()));
    return redaction.isClean(e)
        ? new DeploymentException("the PostgreSQL store cannot " + what + ": " + message + state, e)
        : new DeploymentException("the PostgreSQL store cannot " + what + ": " + message + state);
  }
}
