package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One story as carried by several outlets: the value of a {@code <prefix>.clusters} record, keyed by
 * {@code clusterId}. Each record is the cluster's whole state when a member joined (the topic is
 * compacted: the last record of a cluster is its latest state). A UTF-8 JSON object:
 *
 * <pre>{@code
 * {"clusterId":"…","size":3,"firstSeenAt":"2026-12-06T09:00:00Z","updatedAt":"2026-12-06T09:40:00Z",
 *  "title":"<the first member's title>","outlets":["a.example","b.example"],"agencies":["PTI"],
 *  "members":[{"id":"…","storyKey":"…","outlet":"a.example","title":"…","url":"https://a.example/x"|null,
 *              "feedUrl":"…","seenAt":"…"}, …]}
 * }</pre>
 *
 * <p>Bounds: at most {@value #MAX_LISTED} members, outlets and agencies are listed (the first to
 * join); {@code size} counts every member.
 *
 * @param clusterId the first 32 hex digits of SHA-256 of {@code "cluster\n" + firstStoryKey + "\n" +
 *     firstSeenAt in epoch milliseconds}: stable when the stage processes the same stories again
 * @param size how many stories joined, listed or not
 * @param firstSeenAt when the first member reached the stage (its record time)
 * @param updatedAt when the last member joined
 * @param title the first member's title
 * @param outlets the members' outlets in joining order, without repeats
 * @param agencies the agencies the members name, in joining order, without repeats
 * @param members the members in joining order
 */
public record Cluster(
    String clusterId, int size, Instant firstSeenAt, Instant updatedAt, String title, List<String> outlets,
    List<String> agencies, List<Member> members) {

  /** Members, outlets and agencies listed at most. */
  public static final int MAX_LISTED = 200;

  private static final JsonFactory JSON = JsonFactory.builder().build();

  public Cluster {
    requireNonNull(clusterId, "clusterId");
    requireNonNull(firstSeenAt, "firstSeenAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(title, "title");
    outlets = List.copyOf(outlets);
    agencies = List.copyOf(agencies);
    members = List.copyOf(members);
  }

  /**
   * A member of a cluster.
   *
   * @param id its story id
   * @param storyKey its story key
   * @param outlet the host that published it (see {@code StoryView.outlet})
   * @param title its title
   * @param url its link
   * @param feedUrl the feed it came from
   * @param seenAt when it reached the stage
   */
  public record Member(
      String id, String storyKey, String outlet, String title, Optional<String> url, String feedUrl, Instant seenAt) {
    public Member {
      requireNonNull(id, "id");
      requireNonNull(storyKey, "storyKey");
      requireNonNull(outlet, "outlet");
      requireNonNull(title, "title");
      requireNonNull(url, "url");
      requireNonNull(feedUrl, "feedUrl");
      requireNonNull(seenAt, "seenAt");
    }
  }

  /** A cluster of one: {@code story}, seen at {@code at}. */
  static Cluster of(StoryView story, Instant at) {
    Cluster empty = new Cluster(idFor(story.storyKey(), at), 0, at, at, story.title(), List.of(), List.of(), List.of());
    return empty.with(story, at);
  }

  /** This cluster with {@code story} joined at {@code at}. */
  Cluster with(StoryView story, Instant at) {
    List<Member> moreMembers = new ArrayList<>(members);
    if (moreMembers.size() < MAX_LISTED) {
      moreMembers.add(new Member(story.id(), story.storyKey(), story.outlet(), story.title(), story.url(),
          story.feedUrl(), at));
    }
    List<String> moreOutlets = new ArrayList<>(outlets);
    addBounded(moreOutlets, story.outlet());
    List<String> moreAgencies = new ArrayList<>(agencies);
    story.agencies().forEach(a -> addBounded(moreAgencies, a));
    return new Cluster(clusterId, size + 1, firstSeenAt, at.isAfter(updatedAt) ? at : updatedAt, title, moreOutlets,
        moreAgencies, moreMembers);
  }

  private static void addBounded(List<String> values, String value) {
    if (values.size() < MAX_LISTED && !values.contains(value)) {
      values.add(value);
    }
  }

  static String idFor(String firstStoryKey, Instant firstSeenAt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("cluster\n" + firstStoryKey + "\n" + firstSeenAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The record value: UTF-8 JSON as in the class comment. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 200 * members.size());
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("clusterId", clusterId);
      g.writeNumberField("size", size);
      g.writeStringField("firstSeenAt", firstSeenAt.toString());
      g.writeStringField("updatedAt", updatedAt.toString());
      g.writeStringField("title", title);
      strings(g, "outlets", outlets);
      strings(g, "agencies", agencies);
      g.writeArrayFieldStart("members");
      for (Member m : members) {
        g.writeStartObject();
        g.writeStringField("id", m.id());
        g.writeStringField("storyKey", m.storyKey());
        g.writeStringField("outlet", m.outlet());
        g.writeStringField("title", m.title());
        if (m.url().isPresent()) {
          g.writeStringField("url", m.url().get());
        } else {
          g.writeNullField("url");
        }
        g.writeStringField("feedUrl", m.feedUrl());
        g.writeStringField("seenAt", m.seenAt().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a cluster is always writable as JSON", e);
    }
    return out.toByteArray();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /**
   * Reads a record value written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when it is not one, saying what is wrong
   */
  public static Cluster read(byte[] json) {
    requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a cluster record is a JSON object");
      }
      Fields f = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "clusterId" -> f.clusterId = p.getValueAsString();
          case "size" -> f.size = p.getValueAsInt();
          case "firstSeenAt" -> f.firstSeenAt = instant(p, field);
          case "updatedAt" -> f.updatedAt = instant(p, field);
          case "title" -> f.title = p.getValueAsString("");
          case "outlets" -> f.outlets = strings(p);
          case "agencies" -> f.agencies = strings(p);
          case "members" -> f.members = members(p);
          default -> p.skipChildren();
        }
      }
      if (f.clusterId == null || f.firstSeenAt == null || f.updatedAt == null) {
        throw new IllegalArgumentException("a cluster record needs clusterId, firstSeenAt and updatedAt");
      }
      return new Cluster(f.clusterId, f.size, f.firstSeenAt, f.updatedAt, f.title, f.outlets, f.agencies, f.members);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a cluster record: " + e.getMessage(), e);
    }
  }

  /** The fields of a record being read. */
  private static final class Fields {
    String clusterId;
    int size;
    Instant firstSeenAt;
    Instant updatedAt;
    String title = "";
    List<String> outlets = List.of();
    List<String> agencies = List.of();
    List<Member> members = List.of();
  }

  private static List<Member> members(JsonParser p) throws IOException {
    List<Member> members = new ArrayList<>();
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("members must be an array");
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String id = null;
      String storyKey = null;
      String outlet = "";
      String title = "";
      String url = null;
      String feedUrl = "";
      Instant seenAt = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> id = p.getValueAsString();
          case "storyKey" -> storyKey = p.getValueAsString();
          case "outlet" -> outlet = p.getValueAsString("");
          case "title" -> title = p.getValueAsString("");
          case "url" -> url = p.getValueAsString();
          case "feedUrl" -> feedUrl = p.getValueAsString("");
          case "seenAt" -> seenAt = instant(p, field);
          default -> p.skipChildren();
        }
      }
      if (id == null || storyKey == null || seenAt == null) {
        throw new IllegalArgumentException("a cluster member needs id, storyKey and seenAt");
      }
      members.add(new Member(id, storyKey, outlet, title, Optional.ofNullable(url), feedUrl, seenAt));
    }
    return members;
  }

  private static List<String> strings(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("expected an array of strings at " + p.currentName());
    }
    List<String> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(p.getValueAsString(""));
    }
    return values;
  }

  private static Instant instant(JsonParser p, String field) throws IOException {
    try {
      return Instant.parse(p.getValueAsString(""));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is no ISO-8601 instant: " + p.getValueAsString(), e);
    }
  }
}
