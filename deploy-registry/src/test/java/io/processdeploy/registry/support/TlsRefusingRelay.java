package io.processdeploy.registry.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay in front of a local HTTP server that answers a TLS handshake with
 * {@code 400 Bad Request} at once, as a plain-HTTP registry does (the JDK's HTTP server would
 * wait for a request line that never comes), and relays everything else unchanged.
 */
final class TlsRefusingRelay implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket socket;
  private final int backendPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tls-refusing-relay");
    t.setDaemon(true);
    return t;
  });

  TlsRefusingRelay(int backendPort) throws IOException {
    this.backendPort = backendPort;
    this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    threads.execute(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        threads.execute(() -> relay(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == TLS_HANDSHAKE) {
        client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      try (Socket backend = new Socket("127.0.0.1", backendPort)) {
        OutputStream toBackend = backend.getOutputStream();
        toBackend.write(first);
        threads.execute(() -> copy(backend, client));
        copy(client, backend);
      }
    } catch (IOException e) {
      // a dropped connection ends the relay of that connection only
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    threads.shutdownNow();
  }
}
