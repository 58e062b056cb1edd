package io.feedpipe.cluster;

import io.feedpipe.cluster.LabelledSet.LabelledStory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The copies of a labelled story that outlets' feeds carry, each in the outlet's own way: its
 * headline, its notice (some normalize strips, some it does not know), its credit and dateline
 * style, its paragraph markup, its related-story lines, byline or caption, a few copy edits, and —
 * for a summary-only feed — a tail cut off.
 */
final class OutletCopies {
  private OutletCopies() {}

  /** Where a story's dateline goes in a copy. */
  enum Dateline { AS_WIRED, WITH_COLON, CITY_IN_CAPITALS, NONE }

  /** How a copy credits the agency. */
  enum Credit { NONE, PARENTHESES, DASHES, WITH_INPUTS }

  /** How a copy marks its paragraphs. */
  enum Markup { PARAGRAPHS, ONE_PARAGRAPH, LINE_BREAKS, DIVS }

  /** What a summary-only feed keeps of the text. */
  enum Cut { NONE, FIRST_PARAGRAPH, ABOUT_60_WORDS, TWO_PARAGRAPHS, THREE_PARAGRAPHS_AND_READ_MORE }

  /**
   * How one outlet renders a wire story.
   *
   * @param notice {@code -1} for none, else an index of {@link #NOTICES}
   * @param extra a paragraph the outlet adds (byline, caption, call to action), or empty
   */
  record Outlet(
      String name, String host, Dateline dateline, Credit credit, int notice, boolean noticeFirst, Markup markup,
      boolean related, Cut cut, boolean edits, boolean dropsAParagraph, String extra) {}

  /**
   * Notices of outlets that publish wire copy unedited, in their own words; {@code {outlet}} stands
   * for the outlet's name.
   */
  static final List<String> NOTICES = List.of(
      "(This is an unedited and auto-generated story from Syndicated News feed, {outlet} Staff may not have modified or edited the content body)",
      "(Except for the headline, this story has not been edited by {outlet} staff and is published from a syndicated feed.)",
      "Disclaimer: This story is auto-generated from a syndicated feed and has not been edited by {outlet} staff.",
      "This article has been published from a wire agency feed without modifications to the text. Only the headline has been changed.",
      "(Only the headline and picture of this report may have been reworked by the {outlet} staff; the rest of the content is auto-generated from a syndicated feed.)");

  static final List<Outlet> OUTLETS = List.of(
      new Outlet("LatestLY", "latestly.example", Dateline.WITH_COLON, Credit.PARENTHESES, 0, false, Markup.PARAGRAPHS,
          true, Cut.NONE, false, false, ""),
      new Outlet("Daily Herald", "dailyherald.example", Dateline.AS_WIRED, Credit.NONE, 4, true, Markup.PARAGRAPHS,
          false, Cut.NONE, false, false, "By Agency Reporter"),
      new Outlet("Newsdesk 24", "newsdesk24.example", Dateline.AS_WIRED, Credit.NONE, -1, false, Markup.PARAGRAPHS,
          false, Cut.TWO_PARAGRAPHS, false, false, ""),
      new Outlet("Metro Mirror", "metromirror.example", Dateline.CITY_IN_CAPITALS, Credit.DASHES, 2, false,
          Markup.ONE_PARAGRAPH, false, Cut.NONE, false, false, ""),
      new Outlet("The Capital Post", "thecapitalpost.example", Dateline.CITY_IN_CAPITALS, Credit.NONE, -1, false,
          Markup.LINE_BREAKS, false, Cut.NONE, true, false, ""),
      new Outlet("Prime Times", "primetimes.example", Dateline.WITH_COLON, Credit.DASHES, 1, false, Markup.PARAGRAPHS,
          true, Cut.NONE, false, false, "(Representational image)"),
      new Outlet("Southern Chronicle", "southernchronicle.example", Dateline.AS_WIRED, Credit.NONE, -1, false,
          Markup.PARAGRAPHS, false, Cut.ABOUT_60_WORDS, false, false, ""),
      new Outlet("Businessline 24", "businessline24.example", Dateline.NONE, Credit.WITH_INPUTS, -1, false,
          Markup.DIVS, false, Cut.NONE, true, true, ""),
      new Outlet("Newsbytes", "newsbytes.example", Dateline.WITH_COLON, Credit.PARENTHESES, 3, false,
          Markup.PARAGRAPHS, false, Cut.NONE, true, false, "Follow us for more updates on this story."),
      new Outlet("Statesman Online", "statesman-online.example", Dateline.NONE, Credit.NONE, -1, false,
          Markup.PARAGRAPHS, true, Cut.THREE_PARAGRAPHS_AND_READ_MORE, false, false, ""),
      new Outlet("Evening Express", "eveningexpress.example", Dateline.AS_WIRED, Credit.PARENTHESES, -1, false,
          Markup.PARAGRAPHS, false, Cut.FIRST_PARAGRAPH, false, false, ""));

  /**
   * A story as one outlet's feed carries it.
   *
   * @param story the labelled story's id
   * @param outlet the outlet
   * @param link the copy's own link on the outlet's site
   * @param title the outlet's headline
   * @param contentHtml the full body, for outlets whose feeds carry it
   * @param summaryHtml the description: the cut text for summary-only feeds, else empty
   */
  record Copy(String story, Outlet outlet, String link, String title, String contentHtml, String summaryHtml) {}

  /** The copies of {@code story} on 3 to 5 outlets, chosen and rendered by {@code random}. */
  static List<Copy> of(LabelledStory story, List<String> otherHeadlines, Random random) {
    List<Outlet> outlets = new ArrayList<>(OUTLETS);
    Collections.shuffle(outlets, random);
    List<Copy> copies = new ArrayList<>();
    for (Outlet outlet : outlets.subList(0, 3 + random.nextInt(3))) {
      copies.add(copy(story, outlet, otherHeadlines.get(random.nextInt(otherHeadlines.size())), random));
    }
    return copies;
  }

  static Copy copy(LabelledStory story, Outlet outlet, String relatedHeadline, Random random) {
    List<String> paragraphs = new ArrayList<>(story.paragraphs());
    if (outlet.dropsAParagraph() && paragraphs.size() > 4) {
      paragraphs.remove(2 + random.nextInt(paragraphs.size() - 3)); // an editor's cut, never the lede
    }
    if (outlet.edits()) {
      paragraphs.replaceAll(OutletCopies::edited);
    }
    paragraphs.set(0, dateline(story, outlet.dateline()) + paragraphs.get(0));
    switch (outlet.credit()) {
      case PARENTHESES -> paragraphs.set(paragraphs.size() - 1, paragraphs.getLast() + " (" + story.agency() + ")");
      case DASHES -> paragraphs.add("-- " + story.agency());
      case WITH_INPUTS -> paragraphs.add("(With inputs from " + story.agency() + ")");
      case NONE -> { }
    }
    String headline = story.headlines().get(random.nextInt(story.headlines().size()));
    String link = "https://" + outlet.host() + "/news/" + story.id() + "-" + slug(headline) + ".html";
    if (outlet.cut() != Cut.NONE) {
      return new Copy(story.id(), outlet, link, headline, "", cut(paragraphs, outlet, headline));
    }
    List<String> blocks = new ArrayList<>();
    if (!outlet.extra().isEmpty() && !outlet.extra().startsWith("Follow")) {
      blocks.add(escape(outlet.extra()));
    }
    for (int i = 0; i < paragraphs.size(); i++) {
      blocks.add(escape(paragraphs.get(i)));
      if (outlet.related() && i == 1) {
        blocks.add("Also Read | <a href=\"https://" + outlet.host() + "/news/related-" + slug(relatedHeadline)
            + ".html\">" + escape(relatedHeadline) + "</a>");
      }
    }
    if (outlet.extra().startsWith("Follow")) {
      blocks.add(escape(outlet.extra()));
    }
    if (outlet.notice() >= 0) {
      String notice = escape(NOTICES.get(outlet.notice()).replace("{outlet}", outlet.name()));
      blocks.add(outlet.noticeFirst() ? 0 : blocks.size(), notice);
    }
    return new Copy(story.id(), outlet, link, headline, markup(blocks, outlet.markup()), "");
  }

  private static String dateline(LabelledStory story, Dateline style) {
    String city = story.dateline().replaceAll("[,(\\[].*", "").strip();
    return switch (style) {
      case AS_WIRED -> story.dateline() + " ";
      case WITH_COLON -> story.dateline() + ": ";
      case CITY_IN_CAPITALS -> city.toUpperCase(Locale.ROOT) + ": ";
      case NONE -> "";
    };
  }

  /** What copy editors change: spellings, units and a currency sign, without changing a fact. */
  private static String edited(String paragraph) {
    return paragraph.replace(" per cent", "%").replace("Rs ", "₹").replace("centre", "center")
        .replace("kilometres", "kilometers").replace("metres", "meters").replace("programme", "program")
        .replace("favour", "favor").replace("neighbouring", "neighboring").replace("on Monday", "Monday")
        .replace("on Tuesday", "Tuesday").replace("on Wednesday", "Wednesday").replace("on Thursday", "Thursday")
        .replace("on Friday", "Friday").replace("on Saturday", "Saturday").replace("on Sunday", "Sunday");
  }

  private static String cut(List<String> paragraphs, Outlet outlet, String headline) {
    String kept = switch (outlet.cut()) {
      case FIRST_PARAGRAPH -> escape(paragraphs.get(0));
      case TWO_PARAGRAPHS -> escape(paragraphs.get(0)) + "<br><br>" + escape(paragraphs.get(1)) + " [&#8230;]";
      case ABOUT_60_WORDS -> {
        String[] words = String.join(" ", paragraphs).split(" ");
        yield escape(String.join(" ", List.of(words).subList(0, Math.min(words.length, 60)))) + "...";
      }
      case THREE_PARAGRAPHS_AND_READ_MORE -> "<p>" + escape(paragraphs.get(0)) + "</p><p>" + escape(paragraphs.get(1))
          + "</p><p>" + escape(paragraphs.get(2)) + "</p><p>The post <a href=\"https://" + outlet.host() + "/\">"
          + escape(headline) + "</a> appeared first on " + escape(outlet.name()) + ".</p>";
      case NONE -> throw new IllegalArgumentException("not a cut");
    };
    return kept;
  }

  private static String markup(List<String> blocks, Markup markup) {
    return switch (markup) {
      case PARAGRAPHS -> "<p>" + String.join("</p>\n<p>", blocks) + "</p>";
      case ONE_PARAGRAPH -> "<p>" + String.join(" ", blocks) + "</p>";
      case LINE_BREAKS -> String.join("<br />\n<br />\n", blocks);
      case DIVS -> "<div class=\"story\"><div>" + String.join("</div><div>", blocks) + "</div></div>";
    };
  }

  private static String slug(String headline) {
    String slug = headline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return slug.length() > 60 ? slug.substring(0, 60) : slug;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
