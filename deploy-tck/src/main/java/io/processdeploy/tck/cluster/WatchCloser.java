package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Wraps the mock server's watch listener so that a client closing a watch does not stall the
 * server. The mock server's listener waits, on the server's event loop, for its pending event
 * sends to finish; a send to a closing socket needs that same event loop, so every connection on
 * it hangs until the send times out (30 s). This wrapper first stops new events from reaching the
 * closed watch, then lets the listener clean up on another thread. A watch still open when the
 * server stops has its listener's thread stopped ({@link #stopListener}): the mock server's
 * listener runs its sends on a non-daemon thread of its own, which would keep the JVM alive.
 */
final class WatchCloser extends WebSocketListener {
  private static final Field LISTENERS = listenersField();
  /** What an API server sends on a watch whose resource version it no longer has. */
  private static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"apiVersion\":\"v1\","
      + "\"kind\":\"Status\",\"metadata\":{},\"status\":\"Failure\",\"reason\":\"Expired\","
      + "\"message\":\"too old resource version\",\"code\":410}}";

  private final WebSocketListener delegate;
  private final KubernetesCrudDispatcher crud;
  private final ExecutorService cleanup;
  private final Set<WatchCloser> open;
  private volatile WebSocket socket;

  WatchCloser(WebSocketListener delegate, KubernetesCrudDispatcher crud, ExecutorService cleanup,
      Set<WatchCloser> open) {
    this.delegate = delegate;
    this.crud = crud;
    this.cleanup = cleanup;
    this.open = open;
    open.add(this);
  }

  /** Stops the threads of the listener's own executors, for a watch open when the server stops. */
  void stopListener() {
    open.remove(this);
    for (Class<?> c = delegate.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (ExecutorService.class.isAssignableFrom(field.getType())) {
          try {
            field.setAccessible(true);
            Object executor = field.get(delegate);
            if (executor != null) {
              ((ExecutorService) executor).shutdownNow();
            }
          } catch (ReflectiveOperationException | RuntimeException e) {
            // a listener of another version; its thread ends with its watch
          }
        }
      }
    }
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    socket = webSocket;
    delegate.onOpen(webSocket, response);
  }

  /**
   * Ends the watch as an API server does when the resource version it watches from is too old:
   * an {@code ERROR} event with status 410 Gone; the client closes it and has to list again.
   *
   * @return whether the event was sent
   */
  boolean expire() {
    WebSocket s = socket;
    return s != null && s.send(GONE);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onPing(WebSocket webSocket, byte[] bytes) {
    delegate.onPing(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closeElsewhere(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    closeElsewhere(() -> delegate.onFailure(webSocket, t, response));
  }

  /** Stops events from reaching the closed watch, then runs the listener's cleanup elsewhere. */
  private void closeElsewhere(Runnable listenerCleanup) {
    open.remove(this);
    if (LISTENERS != null) {
      try {
        ((Set<?>) LISTENERS.get(crud)).remove(delegate);
      } catch (IllegalAccessException e) {
        // the listener removes itself once its sends are done
      }
    }
    try {
      cleanup.execute(listenerCleanup);
    } catch (RejectedExecutionException closing) {
      stopListener();
    }
  }

  private static Field listenersField() {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
