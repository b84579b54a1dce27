package io.wacall.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port in front of a server the tests share (the embedded
 * PostgreSQL): a test points one process at the proxy and makes the server unreachable for that
 * process alone, without stopping it for the other tests of the JVM.
 *
 * <ul>
 *   <li>{@link #refuse()}: as a stopped server looks, every open connection is reset and the port
 *       refuses new ones;
 *   <li>{@link #restore()}: forwarding again, on the same port.
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {
  private enum Mode { FORWARD, REFUSE }

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.FORWARD;
  private ServerSocket server;

  private TcpProxy(String targetHost, int targetPort, int port) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
  }

  /** A proxy on a free loopback port, forwarding to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int free = probe.getLocalPort();
      probe.close();
      TcpProxy proxy = new TcpProxy(host, port, free);
      proxy.listen();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The server is gone: open connections are reset, new ones refused. */
  public synchronized void refuse() {
    mode = Mode.REFUSE;
    closeQuietly(server);
    server = null;
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0); // RST, as from a host whose server process died
      } catch (SocketException ignored) {
        // already closed
      }
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Forwarding again, on the same port. */
  public synchronized void restore() {
    mode = Mode.FORWARD;
    if (server == null) {
      listen();
    }
  }

  @Override
  public synchronized void close() {
    refuse();
  }

  private synchronized void listen() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = socket;
      Thread accept = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + port, e);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream;
        try {
          upstream = new Socket(targetHost, targetPort);
        } catch (IOException refused) {
          reset(client);
          continue;
        }
        // a connection accepted just before refuse() closed the port must not outlive it: it is
        // registered under the lock refuse() holds, and only while this port is still the one open
        synchronized (this) {
          if (mode == Mode.REFUSE || server != socket) {
            reset(client);
            reset(upstream);
            continue;
          }
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by refuse(), or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: the other follows
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "tcp-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
  }
}
