package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the stage reads of a story event ({@code story-event.schema.json}): its identities, where
 * it was published, its title and text, and the agencies it names. Read with a streaming parser
 * that skips every other field.
 *
 * @param id the story id (per feed)
 * @param storyKey the story key (across feeds); the id for an event written before events carried one
 * @param revision the story's revision in its feed
 * @param url the story's canonical link
 * @param feedUrl the URL of the feed it came from
 * @param title the story's title
 * @param text the story's clean text
 * @param agencies the agencies of its provenance and dateline, in that order, without repeats
 */
record StoryView(
    String id, String storyKey, int revision, Optional<String> url, String feedUrl, String title, String text,
    List<String> agencies) {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  StoryView {
    requireNonNull(id, "id");
    requireNonNull(storyKey, "storyKey");
    requireNonNull(url, "url");
    requireNonNull(feedUrl, "feedUrl");
    requireNonNull(title, "title");
    requireNonNull(text, "text");
    agencies = List.copyOf(agencies);
  }

  /**
   * The outlet that published the story: the host of its link, else of its feed's URL, lower-case
   * and without {@code www.}; the feed URL itself when neither has a host (a file).
   */
  String outlet() {
    for (String link : url.isPresent() ? List.of(url.get(), feedUrl) : List.of(feedUrl)) {
      try {
        String host = URI.create(link).getHost();
        if (host != null) {
          host = host.toLowerCase(Locale.ROOT);
          return host.startsWith("www.") && host.indexOf('.', 4) > 0 ? host.substring(4) : host;
        }
      } catch (IllegalArgumentException notAUri) {
        // try the next link
      }
    }
    return feedUrl;
  }

  /**
   * Reads an event.
   *
   * @throws UnreadableEventException when the bytes are no JSON object or lack {@code id}, {@code
   *     revision}, {@code feed.url} or {@code text}
   */
  static StoryView read(byte[] event) {
    String id = null;
    String storyKey = null;
    int revision = 0;
    String url = null;
    String feedUrl = null;
    String title = "";
    String text = null;
    List<String> agencies = new ArrayList<>();
    try (JsonParser p = JSON.createParser(event)) {
      expectObject(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> id = textOf(p);
          case "storyKey" -> storyKey = textOf(p);
          case "revision" -> revision = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
          case "url" -> url = textOf(p);
          case "title" -> title = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "text" -> text = textOf(p);
          case "feed" -> feedUrl = feedUrl(p);
          case "provenance" -> agencies(p, "agencies", agencies);
          case "dateline" -> agencies(p, "agency", agencies);
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UnreadableEventException("not a JSON story event: " + e.getMessage(), e);
    }
    if (id == null || id.isEmpty() || revision < 1 || feedUrl == null || text == null) {
      throw new UnreadableEventException("a story event needs id, revision ≥ 1, feed.url and text; this one has "
          + (id == null ? "no id" : "id " + id) + ", revision " + revision + (feedUrl == null ? ", no feed.url" : "")
          + (text == null ? ", no text" : ""));
    }
    return new StoryView(id, storyKey == null || storyKey.isEmpty() ? id : storyKey, revision,
        Optional.ofNullable(url), feedUrl, title, text, agencies);
  }

  /**
   * The story key of an event, read from its opening fields only ({@code id} and {@code storyKey}
   * come first); the id for an event without one.
   *
   * @throws UnreadableEventException when the bytes are no JSON object or it has no id
   */
  static String readStoryKey(byte[] event) {
    String id = null;
    try (JsonParser p = JSON.createParser(event)) {
      expectObject(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("storyKey")) {
          String key = textOf(p);
          if (key != null && !key.isEmpty()) {
            return key;
          }
        } else if (field.equals("id")) {
          id = textOf(p);
        } else if (id != null) {
          break; // the key follows the id in every event that has one
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UnreadableEventException("not a JSON story event: " + e.getMessage(), e);
    }
    if (id == null || id.isEmpty()) {
      throw new UnreadableEventException("a story event needs an id (or a storyKey); this one has neither");
    }
    return id;
  }

  private static void expectObject(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new UnreadableEventException("a story event is a JSON object; this one starts with " + p.currentToken());
    }
  }

  private static @Nullable String textOf(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable String feedUrl(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String url = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("url")) {
        url = textOf(p);
      } else {
        p.skipChildren();
      }
    }
    return url;
  }

  /** Adds the strings of {@code field} (a string or an array of them) of the object at {@code p}. */
  private static void agencies(JsonParser p, String field, List<String> into) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!name.equals(field)) {
        p.skipChildren();
      } else if (value == JsonToken.VALUE_STRING) {
        add(into, p.getText());
      } else if (value == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() == JsonToken.VALUE_STRING) {
            add(into, p.getText());
          } else {
            p.skipChildren();
          }
        }
      }
    }
  }

  private static void add(List<String> agencies, String agency) {
    if (!agency.isBlank() && !agencies.contains(agency)) {
      agencies.add(agency);
    }
  }
}
