package io.processdeploy.store.postgresql;

import io.processdeploy.api.ConflictException;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.spi.Versioned;
import io.processdeploy.core.store.RecordJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One table of records (descriptors or applications): name, version, JSON body. A write is one
 * statement; a refused compare-and-set costs one more, to tell a stale version from a missing
 * record.
 */
final class RecordTable<T> {
  private static final long ANY = 0;

  private final Sql sql;
  private final String table;
  private final String article;
  private final String kind;
  private final Class<T> type;
  private final Function<T, String> name;

  RecordTable(Sql sql, String table, String article, String kind, Class<T> type,
      Function<T, String> name) {
    this.sql = sql;
    this.table = table;
    this.article = article;
    this.kind = kind;
    this.type = type;
    this.name = name;
  }

  void insert(T value) {
    Objects.requireNonNull(value, kind + " was not specified");
    String key = name.apply(value);
    String body = RecordJson.write(value);
    int inserted = sql.run("insert the " + kind + " '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
          + " (name, version, body) VALUES (?, nextval('processdeploy_version'), ?)"
          + " ON CONFLICT (name) DO NOTHING")) {
        s.setString(1, key);
        s.setString(2, body);
        return s.executeUpdate();
      }
    });
    if (inserted == 0) {
      throw new ConflictException(article + " " + kind + " named '" + key + "' exists");
    }
  }

  /** Replaces if the version is {@code expected} (or any, for {@link #ANY}); the new version. */
  long replace(T value, long expected) {
    Objects.requireNonNull(value, kind + " was not specified");
    String key = name.apply(value);
    String body = RecordJson.write(value);
    Optional<Long> version = sql.run("replace the " + kind + " '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + table
          + " SET body = ?, version = nextval('processdeploy_version') WHERE name = ?"
          + (expected == ANY ? "" : " AND version = ?") + " RETURNING version")) {
        s.setString(1, body);
        s.setString(2, key);
        if (expected != ANY) {
          s.setLong(3, expected);
        }
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
        }
      }
    });
    if (version.isPresent()) {
      return version.get();
    }
    if (expected != ANY && exists(key)) {
      throw new StaleWriteException(kind, key, expected);
    }
    throw new NotFoundException("no " + kind + " named '" + key + "'");
  }

  long replace(T value) {
    return replace(value, ANY);
  }

  /** Deletes if the version is {@code expected} (or any, for {@link #ANY}); whether it existed. */
  boolean delete(String key, long expected) {
    int deleted = sql.run("delete the " + kind + " '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?"
          + (expected == ANY ? "" : " AND version = ?"))) {
        s.setString(1, key);
        if (expected != ANY) {
          s.setLong(2, expected);
        }
        return s.executeUpdate();
      }
    });
    if (deleted > 0) {
      return true;
    }
    if (expected != ANY && exists(key)) {
      throw new StaleWriteException(kind, key, expected);
    }
    return false;
  }

  boolean delete(String key) {
    return delete(key, ANY);
  }

  Optional<Versioned<T>> find(String key) {
    return sql.run("read the " + kind + " '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT version, body FROM " + table + " WHERE name = ?")) {
        s.setString(1, key);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next()
              ? Optional.of(new Versioned<>(read(key, rs.getString(2)), rs.getLong(1)))
              : Optional.<Versioned<T>>empty();
        }
      }
    });
  }

  /** Every record, sorted by name as Java sorts strings (byte order, not the locale's). */
  List<T> all() {
    return sql.run("read the " + kind + "s", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT name, body FROM " + table + " ORDER BY name COLLATE \"C\"");
          ResultSet rs = s.executeQuery()) {
        List<T> values = new ArrayList<>();
        while (rs.next()) {
          values.add(read(rs.getString(1), rs.getString(2)));
        }
        return values;
      }
    });
  }

  int count() {
    return sql.run("count the " + kind + "s", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + table);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  private boolean exists(String key) {
    return sql.run("read the " + kind + " '" + key + "'", c -> exists(c, key));
  }

  private boolean exists(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE name = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private T read(String key, String body) {
    return RecordJson.read(body, type, "the " + kind + " '" + key + "' in table " + table);
  }
}
