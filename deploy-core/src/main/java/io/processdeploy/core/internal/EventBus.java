package io.processdeploy.core.internal;

import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.DeploymentListener;
import io.processdeploy.api.event.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, synchronously on the publishing thread. The pipeline publishes
 * one application's events from one thread at a time (status changes under the application's
 * lock), so each listener sees them in order. A listener that throws is logged and kept.
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private final CopyOnWriteArrayList<DeploymentListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener until the returned subscription is closed. */
  public Subscription subscribe(DeploymentListener listener) {
    Objects.requireNonNull(listener, "listener was not specified");
    Registration registration = new Registration(listener);
    listeners.add(registration);
    return () -> listeners.remove(registration);
  }

  /** Delivers {@code event} to every listener. */
  public void publish(DeploymentEvent event) {
    for (DeploymentListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        LOG.warn("a deployment listener failed on {} of application {}; it stays subscribed",
            event.getClass().getSimpleName(), event.application(), e);
      }
    }
  }

  /** Wraps each listener so that subscribing one twice gives two independent subscriptions. */
  private record Registration(DeploymentListener delegate) implements DeploymentListener {
    @Override
    public void onEvent(DeploymentEvent event) {
      delegate.onEvent(event);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
