package io.flowloader.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the service and PostgreSQL that can fail the way networks and servers do:
 * {@link Mode#CUT} closes every connection and refuses new ones at once (a stopped server), {@link
 * Mode#BLACKHOLE} accepts but never forwards a byte (a partition: every call waits on its timeout),
 * {@link Mode#SLOW} forwards each chunk after a delay. {@link Mode#PASS} forwards as is.
 */
public final class FaultProxy implements AutoCloseable {

  public enum Mode {
    PASS,
    CUT,
    BLACKHOLE,
    SLOW
  }

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private volatile long slowMillis = 50;
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy in front of the server of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}). */
  public static FaultProxy in(String jdbcUrl) throws IOException {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return new FaultProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
  }

  /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
  public String jdbcUrl(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String rest = jdbcUrl.substring(jdbcUrl.indexOf('/', "jdbc:postgresql://".length()));
    return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + rest;
  }

  public void mode(Mode next) {
    this.mode = next;
    if (next == Mode.CUT) {
      open.forEach(FaultProxy::closeQuietly);
      open.clear();
    }
  }

  public void slow(long millisPerChunk) {
    this.slowMillis = millisPerChunk;
    mode(Mode.SLOW);
  }

  public Mode mode() {
    return mode;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (mode == Mode.CUT) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        open.add(upstream);
        pump(client, upstream, "up");
        pump(upstream, client, "down");
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  // A blackhole swallows what arrives and sends nothing on, until the mode
                  // changes; a cut closes both sides (mode()).
                  while (mode == Mode.BLACKHOLE && !closed) {
                    Thread.sleep(20);
                  }
                  if (mode == Mode.SLOW) {
                    Thread.sleep(slowMillis);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // connection ended or cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "fault-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    open.forEach(FaultProxy::closeQuietly);
  }
}
