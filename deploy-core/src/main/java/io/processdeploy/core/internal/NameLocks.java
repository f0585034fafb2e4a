package io.processdeploy.core.internal;

import io.processdeploy.api.ValidationException;
import io.processdeploy.core.LogContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One reentrant lock per application name: everything that changes one application holds it. */
public final class NameLocks {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * Runs {@code action} holding the lock of {@code name}, with {@code name} in the logging
   * context ({@link LogContext}).
   *
   * @throws ValidationException (field {@code name}) when {@code name} is {@code null}
   */
  public <T> T with(String name, Supplier<T> action) {
    if (name == null) {
      throw new ValidationException("name", "is required; give the name of a descriptor or an"
          + " application");
    }
    ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
    lock.lock();
    try (LogContext.Scope logs = LogContext.forApplication(name)) {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action} holding the lock of {@code name}. */
  public void run(String name, Runnable action) {
    with(name, () -> {
      action.run();
      return null;
    });
  }
}
