package io.processdeploy.core.store;

import io.processdeploy.api.ConflictException;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.spi.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One kind of record of a store kept in this process, with versions: reads are lock-free, writes
 * are serialized and go through a {@link Sink} (a file, or nowhere) before they become visible.
 */
final class Records<T> {
  /** Expected version meaning "whatever is stored": an unconditional write. */
  static final long ANY = 0;

  /** Where writes go before they become visible; a failing sink leaves the records unchanged. */
  interface Sink<T> {
    /** Nowhere: the records live in memory only. */
    @SuppressWarnings("unchecked")
    static <T> Sink<T> none() {
      return (Sink<T>) NONE;
    }

    void write(String key, T value);

    void delete(String key);
  }

  private static final Sink<Object> NONE = new Sink<>() {
    @Override
    public void write(String key, Object value) {}

    @Override
    public void delete(String key) {}
  };

  private final String article;
  private final String kind;
  private final Function<T, String> name;
  private final AtomicLong versions;
  private final Sink<T> sink;
  private final ConcurrentNavigableMap<String, Versioned<T>> values = new ConcurrentSkipListMap<>();

  /**
   * @param versions the store's version counter, shared by its kinds of record so that a version
   *     is never given twice
   */
  Records(String article, String kind, Function<T, String> name, AtomicLong versions,
      Sink<T> sink) {
    this.article = article;
    this.kind = kind;
    this.name = name;
    this.versions = versions;
    this.sink = sink;
  }

  /** Puts a record read from durable storage, without writing it. */
  synchronized void load(String key, T value) {
    values.put(key, new Versioned<>(value, versions.incrementAndGet()));
  }

  synchronized void insert(T value) {
    Objects.requireNonNull(value, kind + " was not specified");
    String key = name.apply(value);
    if (values.containsKey(key)) {
      throw new ConflictException(article + " " + kind + " named '" + key + "' exists");
    }
    sink.write(key, value);
    values.put(key, new Versioned<>(value, versions.incrementAndGet()));
  }

  /** Replaces a record if its version is {@code expected} (or {@link #ANY}); the new version. */
  synchronized long replace(T value, long expected) {
    Objects.requireNonNull(value, kind + " was not specified");
    String key = name.apply(value);
    Versioned<T> current = values.get(key);
    if (current == null) {
      throw new NotFoundException("no " + kind + " named '" + key + "'");
    }
    checkVersion(key, current, expected);
    sink.write(key, value);
    long version = versions.incrementAndGet();
    values.put(key, new Versioned<>(value, version));
    return version;
  }

  /** Deletes a record if its version is {@code expected} (or {@link #ANY}); whether it existed. */
  synchronized boolean delete(String key, long expected) {
    Versioned<T> current = values.get(key);
    if (current == null) {
      return false;
    }
    checkVersion(key, current, expected);
    sink.delete(key);
    values.remove(key);
    return true;
  }

  Optional<Versioned<T>> find(String key) {
    return Optional.ofNullable(values.get(key));
  }

  Optional<T> findValue(String key) {
    return find(key).map(Versioned::value);
  }

  /** Every record, sorted by name. */
  List<T> all() {
    return values.values().stream().map(Versioned::value).toList();
  }

  int size() {
    return values.size();
  }

  private void checkVersion(String key, Versioned<T> current, long expected) {
    if (expected != ANY && current.version() != expected) {
      throw new StaleWriteException(kind, key, expected);
    }
  }
}
