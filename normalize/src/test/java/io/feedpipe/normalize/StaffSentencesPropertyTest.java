package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.Removal;
import io.feedpipe.model.Story;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * #17: no removal cuts a real sentence. Bodies are built of staff sentences — each with a finite
 * verb, several shaped like the forms normalize removes (an acronym in brackets after a name, a
 * Title-Case data line, "inputs" and "no responsibility" in prose, an update note in brackets) —
 * and, in some bodies, recognised boilerplate spans (notices, credits, photo credits, "Also Read"
 * lines, datelines) placed at the head, in the middle, run into a sentence or at the tail, in HTML
 * paragraphs or one plain string. Every staff sentence must come out whole, and every removal must
 * be a boilerplate span or hold no staff sentence.
 */
class StaffSentencesPropertyTest {
  private static final long SEED = 20261217L;
  private static final int TRIES = 500;
  private static final Normalizer NORMALIZER = Normalizer.withDefaultRules();

  /** Staff prose: every sentence has a finite verb; several look like a form normalize removes. */
  private static final List<String> STAFF = List.of(
      "The council approved the new budget on Monday.",
      "Progressive Tenants Initiative (PTI) will approach the high court next week.",
      "Asian Nutrition Institute (ANI) said millet prices had doubled.",
      "United Nurses Initiative (UNI) members marched to the secretariat.",
      "Press Trust of India (PTI) Chairman Arun Mehra opened the new newsroom.",
      "Associated Planners (AP) — a consultancy hired by the city — said costs would double.",
      "The minister said inputs from farmers would shape the bill.",
      "The company said it accepts no responsibility for the delays.",
      "Readings were taken at noon. Air Quality Index At Rampur Central Station: 212 (Poor).",
      "We tested six kettles this month.",
      "Final Score: Rampur Rovers 3, Delta United 1 was the result nobody expected.",
      "Her column ran for ten years and was also read by millions abroad.",
      "The startup says its replies are auto-generated and answer most questions quickly.",
      "This report was shared with the health ministry on Friday.",
      "Traffic on the old road fell by half within hours.",
      "Rescue teams from Darpur reached the village before dawn.",
      "The Reserve Bank kept its policy rate unchanged.",
      "Officials said they would respond within a week.",
      "Fishing boats returned to harbour as the sea turned rough.",
      "Nashik, a city of vineyards, hosts the festival every March.",
      "Analysts expect profit-taking this week.",
      "The gallery reopened after repairs and drew long queues.");

  /** Boilerplate spans normalize recognises, with where each may stand. */
  private record Span(String text, boolean tailOnly, boolean headOnly) {}

  private static final List<Span> BOILERPLATE = List.of(
      new Span("(This story has not been edited by our staff and is auto-generated from a syndicated feed.)", false, false),
      new Span("(Except for the headline, this story has not been edited by our staff and is published from a syndicated feed.)", false, false),
      new Span("(This is an unedited and auto-generated story from a syndicated news feed; our staff may not have modified the text.)", false, false),
      new Span("Also Read | Kerala Rains: Flood Warnings Issued for Six Districts.", false, false),
      new Span("With PTI Inputs", true, false),
      new Span("Inputs: ANI", true, false),
      new Span("(With agency inputs, Image: ANI/PTI)", true, false),
      new Span("Photo: Reuters", true, false),
      new Span("Nashik, June 7 (PTI):", false, true),
      new Span("KAVALI, India (AP) —", false, true));

  private record Case(List<String> staff, String body, List<String> boilerplate) {}

  private static final Gen<Case> CASES = StaffSentencesPropertyTest::next;

  private static Case next(Random random) {
    int n = 2 + random.nextInt(6);
    List<String> staff = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = STAFF.get(random.nextInt(STAFF.size()));
      if (!staff.contains(s)) {
        staff.add(s);
      }
    }
    // paragraphs of staff sentences, boilerplate put in between, run in, at the head or the tail
    List<List<String>> paragraphs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String s : staff) {
      current.add(s);
      if (random.nextInt(3) == 0) {
        paragraphs.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      paragraphs.add(current);
    }
    List<String> used = new ArrayList<>();
    int spans = random.nextInt(3);
    for (int k = 0; k < spans; k++) {
      Span span = BOILERPLATE.get(random.nextInt(BOILERPLATE.size()));
      boolean secondTail = span.tailOnly() && used.stream().anyMatch(u -> BOILERPLATE.stream().anyMatch(b -> b.tailOnly() && b.text().equals(u)));
      if (used.contains(span.text()) || secondTail) {
        continue; // one credit ends a body
      }
      used.add(span.text());
      if (span.headOnly()) {
        paragraphs.getFirst().addFirst(span.text());
      } else if (span.tailOnly()) {
        paragraphs.getLast().addLast(span.text());
      } else {
        List<String> p = paragraphs.get(random.nextInt(paragraphs.size()));
        p.add(random.nextInt(p.size() + 1), span.text());
      }
    }
    boolean html = random.nextBoolean();
    StringBuilder body = new StringBuilder();
    for (List<String> p : paragraphs) {
      String joined = String.join(" ", p);
      body.append(html ? "<p>" + joined + "</p>" : joined + (random.nextBoolean() ? "\n" : " "));
    }
    return new Case(staff, body.toString(), used);
  }

  @Test
  void noRemovalCutsAStaffSentence() {
    Property.forAll(SEED, TRIES, CASES, c -> {
      Story story = NORMALIZER.normalize(Items.withBody(c.body()));
      String text = story.text().replaceAll("\\s+", " ");
      for (String s : c.staff()) {
        assertThat(text).as("staff sentence kept from %s", c.body()).contains(s);
      }
      for (Removal r : story.removed()) {
        for (String s : c.staff()) {
          assertThat(r.text()).as("removal %s of %s", r, c.body()).doesNotContain(s);
        }
      }
    });
  }

  @Test
  void everyBoilerplateSpanGoes() {
    Property.forAll(SEED + 1, TRIES, CASES, c -> {
      String text = NORMALIZER.normalize(Items.withBody(c.body())).text();
      for (String span : c.boilerplate()) {
        assertThat(text).as("boilerplate left from %s", c.body()).doesNotContain(span);
      }
    });
  }
}
