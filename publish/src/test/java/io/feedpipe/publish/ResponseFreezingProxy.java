package io.feedpipe.publish;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 between Kafka clients and one broker listener that can make a commit
 * land while its client never hears so. It reads the Kafka request framing (a 4-byte size, then
 * the api key) in the client→broker direction; once {@linkplain #freezeAfterNextEndTxn() armed},
 * the next {@code EndTxn} request is forwarded — the broker commits — and from then on nothing the
 * broker sends back on that connection reaches the client, which times out. Other connections,
 * and connections made later, are not affected.
 */
final class ResponseFreezingProxy implements AutoCloseable {
  private static final short END_TXN = 26;

  private final ServerSocket server;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final CountDownLatch frozen = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ResponseFreezingProxy(ServerSocket server) {
    this.server = server;
  }

  /** Binds a free port on 127.0.0.1; forwards nothing until {@link #forwardTo}. */
  static ResponseFreezingProxy bind() throws IOException {
    return new ResponseFreezingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  int port() {
    return server.getLocalPort();
  }

  /** Starts accepting clients, each connected to {@code 127.0.0.1:targetPort}. */
  void forwardTo(int targetPort) {
    Thread.ofPlatform().daemon(true).name("proxy-accept").start(() -> {
      while (!closed) {
        try {
          Socket client = server.accept();
          Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          sockets.add(client);
          sockets.add(broker);
          AtomicBoolean responsesFrozen = new AtomicBoolean();
          Thread.ofPlatform().daemon(true).name("proxy-up").start(() -> requests(client, broker, responsesFrozen));
          Thread.ofPlatform().daemon(true).name("proxy-down").start(() -> responses(broker, client, responsesFrozen));
        } catch (IOException e) {
          if (!closed) {
            throw new IllegalStateException("proxy accept failed", e);
          }
        }
      }
    });
  }

  /** Arms the proxy: the next EndTxn request goes through, its response (and all after it on that connection) does not. */
  void freezeAfterNextEndTxn() {
    armed.set(true);
  }

  /** Waits until an armed EndTxn went through to the broker. */
  boolean awaitFrozen(Duration within) throws InterruptedException {
    return frozen.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void requests(Socket from, Socket to, AtomicBoolean responsesFrozen) {
    try (DataInputStream in = new DataInputStream(from.getInputStream())) {
      OutputStream out = to.getOutputStream();
      while (true) {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        boolean endTxn = size >= 2 && ByteBuffer.wrap(frame).getShort() == END_TXN;
        if (endTxn && armed.compareAndSet(true, false)) {
          responsesFrozen.set(true); // before the broker can answer
          frozen.countDown();
        }
        out.write(ByteBuffer.allocate(4).putInt(size).array());
        out.write(frame);
        out.flush();
      }
    } catch (EOFException e) {
      closeQuietly(to);
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void responses(Socket from, Socket to, AtomicBoolean responsesFrozen) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (!responsesFrozen.get()) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
      closeQuietly(to);
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    sockets.forEach(ResponseFreezingProxy::closeQuietly);
  }
}
