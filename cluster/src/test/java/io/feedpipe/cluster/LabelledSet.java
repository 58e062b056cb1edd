package io.feedpipe.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labelled stories of {@code labelled/stories.txt} (its README says how they are written). */
final class LabelledSet {
  private LabelledSet() {}

  /**
   * One story of the set.
   *
   * @param id its id in the file
   * @param agency the wire agency
   * @param dateline its dateline as the agency writes it
   * @param event the event it reports: stories of one event are hard negatives of each other
   * @param kind wire, own-words, follow-up or template
   * @param headlines its alternative headlines
   * @param paragraphs its paragraphs, reused ones copied in
   */
  record LabelledStory(
      String id, String agency, String dateline, String event, String kind, List<String> headlines,
      List<String> paragraphs) {}

  /** Every story, in file order. */
  static List<LabelledStory> stories() {
    String text;
    try (InputStream in = LabelledSet.class.getResourceAsStream("/labelled/stories.txt")) {
      if (in == null) {
        throw new IllegalStateException("labelled/stories.txt is missing from the test resources");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, LabelledStory> byId = new LinkedHashMap<>();
    for (String block : text.split("(?m)^=== ")) {
      if (block.isBlank()) {
        continue;
      }
      LabelledStory story = parse(block, byId);
      if (byId.putIfAbsent(story.id(), story) != null) {
        throw new IllegalStateException("story " + story.id() + " appears twice");
      }
    }
    return List.copyOf(byId.values());
  }

  private static LabelledStory parse(String block, Map<String, LabelledStory> earlier) {
    List<String> parts = List.of(block.strip().split("\n\\s*\n"));
    List<String> header = List.of(parts.get(0).split("\n"));
    String id = header.get(0).strip();
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : header.subList(1, header.size())) {
      int colon = line.indexOf(':');
      fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    List<String> paragraphs = new ArrayList<>();
    for (String p : parts.subList(1, parts.size())) {
      String paragraph = p.strip().replaceAll("\\s*\n\\s*", " ");
      if (paragraph.startsWith("@reuse ")) {
        String[] reuse = paragraph.split("\\s+");
        LabelledStory source = earlier.get(reuse[1]);
        if (source == null) {
          throw new IllegalStateException(id + " reuses " + reuse[1] + ", which is not above it");
        }
        String[] range = reuse[2].split("-");
        paragraphs.addAll(source.paragraphs().subList(Integer.parseInt(range[0]) - 1, Integer.parseInt(range[1])));
      } else {
        paragraphs.add(paragraph);
      }
    }
    for (String field : List.of("agency", "dateline", "event", "kind", "headlines")) {
      if (!fields.containsKey(field)) {
        throw new IllegalStateException("story " + id + " has no " + field);
      }
    }
    return new LabelledStory(id, fields.get("agency"), fields.get("dateline"), fields.get("event"), fields.get("kind"),
        List.of(fields.get("headlines").split("\\s*\\|\\s*")), paragraphs);
  }
}
