package io.processdeploy.core.internal;

import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.DeploymentListener;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.core.LogContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, each on its own daemon thread from its own queue, so that a slow,
 * blocked or throwing listener delays nobody else's events and never the statuses of the
 * pipeline. The pipeline publishes one application's events from one thread at a time (status
 * changes under the application's lock), and each queue is first in, first out, so each listener
 * sees one application's events in order.
 *
 * <p>Memory is bounded: a listener whose queue holds {@value #DEFAULT_CAPACITY} undelivered
 * events loses the oldest one for each new one, with a logged warning (one per
 * {@value #WARN_EVERY} lost events), and keeps receiving new events. A listener that throws is
 * logged and kept. {@link #close} delivers what is queued (for at most the given time) and stops
 * the threads.
 */
public final class EventBus implements AutoCloseable {
  /** How many undelivered events a listener's queue holds by default. */
  public static final int DEFAULT_CAPACITY = 10_000;
  private static final int WARN_EVERY = 1_000;
  private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();
  private final int capacity;
  private volatile boolean closed;

  /** A bus whose listeners each queue up to {@link #DEFAULT_CAPACITY} events. */
  public EventBus() {
    this(DEFAULT_CAPACITY);
  }

  /** A bus whose listeners each queue up to {@code capacity} undelivered events. */
  public EventBus(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be 1 or more");
    }
    this.capacity = capacity;
  }

  /** Adds a listener until the returned subscription is closed. */
  public Subscription subscribe(DeploymentListener listener) {
    Objects.requireNonNull(listener, "listener was not specified");
    if (closed) {
      throw new IllegalStateException("the deployment service is closed");
    }
    Registration registration = new Registration(listener, capacity);
    listeners.add(registration);
    registration.start();
    return () -> {
      listeners.remove(registration);
      registration.finish();
    };
  }

  /** Queues {@code event} for every listener; returns at once. */
  public void publish(DeploymentEvent event) {
    for (Registration registration : listeners) {
      registration.offer(event);
    }
  }

  /**
   * Waits until every listener has been handed every event published so far, for at most
   * {@code timeout}.
   *
   * @return whether everything was delivered in time
   */
  public boolean awaitDelivered(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Registration registration : listeners) {
      if (!registration.awaitIdle(deadline)) {
        return false;
      }
    }
    return true;
  }

  /** Delivers what is queued within a few seconds, then stops every listener's thread. */
  @Override
  public void close() {
    close(DEFAULT_DRAIN);
  }

  /** Delivers what is queued within {@code drain}, then stops every listener's thread. */
  public void close(Duration drain) {
    closed = true;
    long deadline = System.nanoTime() + drain.toNanos();
    for (Registration registration : listeners) {
      registration.finish();
    }
    for (Registration registration : listeners) {
      if (!registration.awaitIdle(deadline)) {
        LOG.warn("a deployment listener still had {} undelivered events at close; they are"
            + " dropped", registration.pending());
      }
      registration.stop();
    }
    listeners.clear();
  }

  /** One listener, its queue and its delivery thread. */
  private static final class Registration implements Runnable {
    private final DeploymentListener delegate;
    private final int capacity;
    private final ArrayDeque<DeploymentEvent> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean finishing;
    private boolean delivering;
    private long dropped;

    Registration(DeploymentListener delegate, int capacity) {
      this.delegate = delegate;
      this.capacity = capacity;
      this.thread = new Thread(this, "processdeploy-listener-" + THREADS.incrementAndGet());
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    synchronized void offer(DeploymentEvent event) {
      if (finishing) {
        return;
      }
      if (queue.size() >= capacity) {
        queue.pollFirst();
        dropped++;
        if (dropped % WARN_EVERY == 1) {
          LOG.warn("a deployment listener is {} events behind; it has lost its {} oldest"
              + " undelivered events so far", capacity, dropped);
        }
      }
      queue.addLast(event);
      notifyAll();
    }

    synchronized int pending() {
      return queue.size() + (delivering ? 1 : 0);
    }

    /** Delivers what is queued, then lets the thread end. */
    synchronized void finish() {
      finishing = true;
      notifyAll();
    }

    void stop() {
      thread.interrupt();
    }

    synchronized boolean awaitIdle(long deadline) {
      while (!queue.isEmpty() || delivering) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) {
          return queue.isEmpty() && !delivering;
        }
        try {
          wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    @Override
    public void run() {
      while (true) {
        DeploymentEvent event;
        synchronized (this) {
          delivering = false;
          notifyAll();
          while (queue.isEmpty() && !finishing) {
            try {
              wait();
            } catch (InterruptedException e) {
              return;
            }
          }
          if (queue.isEmpty()) {
            return;
          }
          event = queue.pollFirst();
          delivering = true;
        }
        deliver(event);
        if (Thread.currentThread().isInterrupted()) {
          synchronized (this) {
            delivering = false;
            notifyAll();
          }
          return;
        }
      }
    }

    private void deliver(DeploymentEvent event) {
      try (LogContext.Scope logs = LogContext.forApplication(event.application())) {
        delegate.onEvent(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        LOG.warn("a deployment listener failed on {} of application {}; it stays subscribed",
            event.getClass().getSimpleName(), event.application(), e);
      }
    }
  }
}
