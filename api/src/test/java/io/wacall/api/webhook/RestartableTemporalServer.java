package io.wacall.api.webhook;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Temporal's test server on a real loopback port that a test can stop and start again on the same
 * port: a genuine outage, seen by the client as gRPC UNAVAILABLE. Its history lives in memory, so
 * a restart forgets every workflow (signal-with-start does not mind).
 */
final class RestartableTemporalServer implements AutoCloseable {
  private final int port;
  private TestServer.PortBoundTestServer server;

  private RestartableTemporalServer(int port) {
    this.port = port;
  }

  static RestartableTemporalServer startOnFreePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      RestartableTemporalServer temporal = new RestartableTemporalServer(socket.getLocalPort());
      socket.close();
      temporal.start();
      return temporal;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  synchronized void start() {
    if (server == null) {
      server = TestServer.createPortBoundServer(port); // real time, no time skipping
    }
  }

  synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
