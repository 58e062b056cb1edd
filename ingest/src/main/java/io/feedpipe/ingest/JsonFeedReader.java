package io.feedpipe.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedpipe.model.Repair;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). A {@code version} that is not the
 * specification's URL ({@code "1.1"}, {@code "1.0"}, or none) is read as JSON Feed when the object
 * has an {@code items} array ({@code json-version}). Relative item URLs are resolved against {@code
 * home_page_url}, else the document's URL ({@code relative-link}). Thread-safe.
 */
final class JsonFeedReader {
  private static final Pattern BARE_VERSION = Pattern.compile("1(?:\\.[01])?");

  private JsonFeedReader() {}

  static ParseOutcome read(ObjectMapper json, String text, List<String> notes, List<Repair> feedRepairs,
      Optional<URI> documentUrl) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JacksonException e) {
      return new ParseOutcome.Unreadable("format", "not well-formed JSON: " + e.getOriginalMessage());
    }
    String version = root.path("version").asText("");
    List<Repair> repairs = new ArrayList<>(feedRepairs);
    if (!version.startsWith("https://jsonfeed.org/version/") && !version.startsWith("http://jsonfeed.org/version/")) {
      if (!root.path("items").isArray() || !(version.isEmpty() || BARE_VERSION.matcher(version).matches())) {
        return new ParseOutcome.Unreadable("format", "JSON but not a JSON Feed (version is '"
            + FeedParser.abbreviate(version, 60) + "')");
      }
      repairs.add(Repair.of("json-version", "version", (version.isEmpty() ? "no version" : "version '" + version + "'")
          + " instead of https://jsonfeed.org/version/…; read as JSON Feed " + (version.isEmpty() ? "1.1" : version)));
      version = "https://jsonfeed.org/version/" + (version.isEmpty() ? "1.1" : version);
    }
    Optional<String> feedLanguage = str(root, "language");
    Optional<LinkBase> fetched = LinkBase.fetched(documentUrl);
    Optional<String> homePage = str(root, "home_page_url")
        .map(u -> LinkBase.resolve(u, fetched, "home_page_url", repairs::add));
    Optional<LinkBase> base = homePage.flatMap(u -> LinkBase.of(u, "home_page_url")).or(() -> fetched);
    List<ParsedFeed.Entry> entries = new ArrayList<>();
    for (JsonNode item : root.path("items")) {
      if (!item.isObject()) {
        continue;
      }
      List<Repair> itemRepairs = new ArrayList<>();
      Optional<String> contentHtml = str(item, "content_html")
          .or(() -> str(item, "content_text").map(JsonFeedReader::escape));
      List<String> authors = new ArrayList<>();
      JsonNode authorList = item.has("authors") ? item.get("authors") : root.path("authors");
      for (JsonNode a : authorList) {
        str(a, "name").ifPresent(authors::add);
      }
      if (authors.isEmpty()) {
        str(item.path("author"), "name").or(() -> str(root.path("author"), "name")).ifPresent(authors::add);
      }
      List<String> tags = new ArrayList<>();
      for (JsonNode t : item.path("tags")) {
        FeedParser.text(t.asText()).ifPresent(tags::add);
      }
      JsonNode id = item.path("id");
      Optional<String> guid = id.isValueNode() ? FeedParser.text(id.asText()) : Optional.empty();
      Optional<String> url = str(item, "url").map(u -> LinkBase.resolve(u, base, "url", itemRepairs::add));
      Optional<String> published = str(item, "date_published");
      Optional<String> updated = str(item, "date_modified");
      ParsedFeed.Origin origin = new ParsedFeed.Origin(guid.map(g -> "id"), url.map(u -> "url"),
          published.map(p -> "date_published"), updated.map(u -> "date_modified"));
      entries.add(new ParsedFeed.Entry(
          guid,
          url,
          str(item, "title"),
          str(item, "summary"),
          contentHtml,
          authors,
          tags,
          str(item, "language").or(() -> feedLanguage),
          published,
          updated,
          Optional.empty(),
          Optional.empty(),
          origin,
          url.filter(UriReference::isWebLink).isPresent() ? Optional.empty() : base.map(LinkBase::uri),
          itemRepairs));
    }
    return new ParseOutcome.Parsed(new ParsedFeed("json-" + version.substring(version.lastIndexOf('/') + 1),
        str(root, "title"), homePage, feedLanguage, entries, Optional.empty(), Optional.empty(), notes, repairs,
        List.of()));
  }

  private static Optional<String> str(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? FeedParser.text(v.asText()) : Optional.empty();
  }

  private static String escape(String plain) {
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
