package io.processdeploy.core;

import org.slf4j.MDC;

/**
 * The logging context the library sets: while it works on an application (its pipeline, a
 * request naming it, a recovery, a listener receiving its events), the SLF4J MDC holds the
 * application's name under {@value #APPLICATION}, so every log line about an application can
 * show it, e.g. logback's {@code %X{processdeploy.application}}. Lines of other libraries logged
 * on the same thread (the Kubernetes client, Jib) carry it too.
 */
public final class LogContext {
  /** The MDC key of the application's name. */
  public static final String APPLICATION = "processdeploy.application";

  private LogContext() {}

  /**
   * Puts {@code application} into the MDC until the returned scope closes, which puts back what
   * was there before (scopes nest).
   */
  public static Scope forApplication(String application) {
    String previous = MDC.get(APPLICATION);
    if (application == null) {
      MDC.remove(APPLICATION);
    } else {
      MDC.put(APPLICATION, application);
    }
    return () -> {
      if (previous == null) {
        MDC.remove(APPLICATION);
      } else {
        MDC.put(APPLICATION, previous);
      }
    };
  }

  /** A context to close, in the thread that opened it. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    /** Puts back the context that was before. */
    @Override
    void close();
  }
}
