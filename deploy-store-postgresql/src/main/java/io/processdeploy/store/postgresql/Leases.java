package io.processdeploy.store.postgresql;

import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.Lease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Leases in table {@code processdeploy_lease}, each operation one statement (listing them all
 * too). "Now" is one value
 * per statement: the injected clock's, or else the database's {@code clock_timestamp()}, so that
 * instances on machines whose clocks disagree still agree on expiry.
 */
final class Leases {
  private static final String NOW =
      "WITH now AS (SELECT coalesce(CAST(? AS timestamptz), clock_timestamp()) AS t) ";
  private static final String ACQUIRE = NOW
      + "INSERT INTO processdeploy_lease AS l (name, owner, expires_at)"
      + " SELECT ?, ?, now.t + CAST(? AS bigint) * interval '1 microsecond' FROM now"
      + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at"
      + " WHERE l.owner = excluded.owner OR l.expires_at <= (SELECT t FROM now)"
      + " RETURNING owner, expires_at";
  private static final String RENEW = NOW
      + "UPDATE processdeploy_lease SET expires_at ="
      + " (SELECT t FROM now) + CAST(? AS bigint) * interval '1 microsecond'"
      + " WHERE name = ? AND owner = ? AND expires_at > (SELECT t FROM now)"
      + " RETURNING owner, expires_at";
  private static final String RENEW_ALL = NOW
      + "UPDATE processdeploy_lease SET expires_at ="
      + " (SELECT t FROM now) + CAST(? AS bigint) * interval '1 microsecond'"
      + " WHERE name = ANY(?) AND owner = ? AND expires_at > (SELECT t FROM now)"
      + " RETURNING name, owner, expires_at";
  private static final String FIND = NOW
      + "SELECT owner, expires_at FROM processdeploy_lease"
      + " WHERE name = ? AND expires_at > (SELECT t FROM now)";
  private static final String ALL = NOW
      + "SELECT name, owner, expires_at FROM processdeploy_lease"
      + " WHERE expires_at > (SELECT t FROM now) ORDER BY name COLLATE \"C\"";
  private static final String RELEASE =
      "DELETE FROM processdeploy_lease WHERE name = ? AND owner = ?";

  private final Sql sql;

  Leases(Sql sql) {
    this.sql = sql;
  }

  Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
    requireNames(name, owner);
    long micros = micros(ttl);
    return sql.run("take the lease on '" + name + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(ACQUIRE)) {
        sql.setNow(s, 1);
        s.setString(2, name);
        s.setString(3, owner);
        s.setLong(4, micros);
        return lease(name, s);
      }
    });
  }

  Optional<Lease> renew(String name, String owner, Duration ttl) {
    requireNames(name, owner);
    long micros = micros(ttl);
    return sql.run("renew the lease on '" + name + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(RENEW)) {
        sql.setNow(s, 1);
        s.setLong(2, micros);
        s.setString(3, name);
        s.setString(4, owner);
        return lease(name, s);
      }
    });
  }

  List<Lease> renewAll(Collection<String> names, String owner, Duration ttl) {
    Objects.requireNonNull(names, "names were not specified");
    Objects.requireNonNull(owner, "owner was not specified");
    long micros = micros(ttl);
    if (names.isEmpty()) {
      return List.of();
    }
    return sql.run("renew the leases of '" + owner + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(RENEW_ALL)) {
        sql.setNow(s, 1);
        s.setLong(2, micros);
        s.setArray(3, c.createArrayOf("text", names.toArray()));
        s.setString(4, owner);
        return sorted(s);
      }
    });
  }

  boolean release(String name, String owner) {
    requireNames(name, owner);
    return sql.run("release the lease on '" + name + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(RELEASE)) {
        s.setString(1, name);
        s.setString(2, owner);
        return s.executeUpdate() > 0;
      }
    });
  }

  Optional<Lease> find(String name) {
    Objects.requireNonNull(name, "name was not specified");
    return sql.run("read the lease on '" + name + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(FIND)) {
        sql.setNow(s, 1);
        s.setString(2, name);
        return lease(name, s);
      }
    });
  }

  List<Lease> all() {
    return sql.run("read the leases", c -> {
      try (PreparedStatement s = c.prepareStatement(ALL)) {
        sql.setNow(s, 1);
        return sorted(s);
      }
    });
  }

  /** The leases a statement returns as (name, owner, expires_at), sorted by name. */
  private static List<Lease> sorted(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<Lease> all = new ArrayList<>();
      while (rs.next()) {
        all.add(new Lease(rs.getString(1), rs.getString(2),
            rs.getObject(3, OffsetDateTime.class).toInstant()));
      }
      all.sort(Comparator.comparing(Lease::name));
      return all;
    }
  }

  private static Optional<Lease> lease(String name, PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      return rs.next()
          ? Optional.of(new Lease(name, rs.getString(1),
              rs.getObject(2, OffsetDateTime.class).toInstant()))
          : Optional.empty();
    }
  }

  private static void requireNames(String name, String owner) {
    Objects.requireNonNull(name, "name was not specified");
    Objects.requireNonNull(owner, "owner was not specified");
  }

  private static long micros(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new ValidationException("ttl", "must be a positive duration, was " + ttl
          + "; pass how long a holder may go without renewing, e.g. Duration.ofSeconds(15)");
    }
    return Math.max(1, TimeUnit.MICROSECONDS.convert(ttl));
  }
}
