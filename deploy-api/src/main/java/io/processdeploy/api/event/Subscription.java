package io.processdeploy.api.event;

/** A registration that stops when closed. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  /** Stops the registration. */
  @Override
  void close();
}
