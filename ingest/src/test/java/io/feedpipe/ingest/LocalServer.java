package io.feedpipe.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 for tests, with routes that misbehave on purpose. */
final class LocalServer implements AutoCloseable {

  @FunctionalInterface
  interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<HttpExchangeRecord> exchanges = new CopyOnWriteArrayList<>();
  /** Every request's URI (path and query) and headers, in arrival order. */
  final List<Request> received = new CopyOnWriteArrayList<>();

  record Request(URI uri, com.sun.net.httpserver.Headers headers) {}

  record HttpExchangeRecord(String path, String ifNoneMatch, String ifModifiedSince, String userAgent) {}

  LocalServer() throws IOException {
    this("127.0.0.1");
  }

  /** A server on another loopback address (127.0.0.2, …): another host for redirects. */
  LocalServer(String loopbackAddress) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0), 200);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  LocalServer route(String path, Route route) {
    server.createContext(path, exchange -> {
      requests.add(exchange.getRequestURI().getPath());
      received.add(new Request(exchange.getRequestURI(), exchange.getRequestHeaders()));
      exchanges.add(new HttpExchangeRecord(exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("If-None-Match"),
          exchange.getRequestHeaders().getFirst("If-Modified-Since"),
          exchange.getRequestHeaders().getFirst("User-Agent")));
      try {
        route.handle(exchange);
      } catch (IOException e) {
        // the client went away (time-out tests): nothing to do
      } finally {
        exchange.close();
      }
    });
    return this;
  }

  URI url(String path) {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
