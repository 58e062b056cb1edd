package io.feedpipe.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedpipe.model.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.ops.OpsServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code feedpipe status}: the running service's feeds as a table, read from its {@code /feeds} endpoint. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Show each feed of a running feedpipe: last poll, outcome, next due time, error and current URL.")
final class StatusCommand implements Callable<Integer> {

  static final List<String> COLUMNS = List.of("id", "outcome", "lastPollAt", "nextDueAt", "error", "url");

  @Mixin ConfigFileOption configFile = new ConfigFileOption();

  @Option(names = "--url", paramLabel = "URL",
      description = "Base URL of the running service's HTTP server.%n"
          + "Default: http://127.0.0.1:<http.port> (http.host when it names one address), as `feedpipe run` reads them.")
  Optional<URI> url = Optional.empty();

  @Override
  public Integer call() throws InterruptedException {
    ResolvedSettings settings = configFile.load(Map.of());
    Logging.toStderr(Optional.of(settings));
    URI feedsUri = url.orElseGet(() -> serviceUrl(settings)).resolve("/feeds");
    JsonNode feeds;
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(feedsUri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        System.err.println("feedpipe: " + Redaction.url(feedsUri) + " answered HTTP " + response.statusCode());
        return 1;
      }
      feeds = new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      System.err.println(Redaction.text("feedpipe: cannot reach " + feedsUri + " (is `feedpipe run` running?): " + e));
      return 1;
    }
    System.out.print(table(feeds));
    return 0;
  }

  /**
   * Where {@code run} with these settings serves: {@code http.port} on {@code http.host}, or on
   * 127.0.0.1 when the host is a wildcard (all interfaces).
   */
  static URI serviceUrl(ResolvedSettings settings) {
    OpsServerSettings ops = OpsServerSettings.from(settings);
    String host = ops.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + ops.port());
  }

  /** Renders the {@code /feeds} JSON array as an aligned text table. */
  static String table(JsonNode feeds) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS.stream().map(c -> c.replaceAll("([A-Z])", " $1").toUpperCase()).toList());
    for (JsonNode feed : feeds) {
      rows.add(COLUMNS.stream().map(c -> cell(feed, c)).toList());
    }
    return TextTable.render(rows);
  }

  private static String cell(JsonNode feed, String column) {
    JsonNode v = feed.get(column);
    String text = v == null || v.isNull() ? "-" : v.asText();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
