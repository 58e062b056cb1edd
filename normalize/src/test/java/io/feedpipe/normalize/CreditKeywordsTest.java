package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The default credit rules' keywords are a speed bound: a rule whose keywords are absent is not
 * run. This holds the lists sound: wherever a credit pattern matches, one of its keywords occurs.
 */
class CreditKeywordsTest {
  private static final List<String> CREDITS = List.of(
      "(ANI)", "( PTI )", "(Reuters/AFP)", "(With inputs from PTI)", "(With Inputs From Agencies)", "With agency inputs.",
      "(Additional reporting by Reuters)", "Reports from ANI and PTI", "(Reporting from AFP)", "Reports by Reuters", "(with PTI inputs)", "[With Agency Inputs]",
      "-- IANS", "— AFP", "--IANS ab/sk", "– Reuters", "PTI AB RS", "PTI SKL NSD", "IANS MK", "UNI XY ZZ",
      "(Reporting by Jane Doe; Editing by John Roe)", "(Writing by A. Writer)", "By PTI", "by agencies",
      "Jane Doe | IANS", "BY ANI");

  @Test
  void everyCreditMatchHoldsOneOfItsRulesKeywords() throws IOException {
    CompiledRules rules = NormalizeRules.defaults().compiled();
    Set<String> matched = new HashSet<>();
    for (String text : texts()) {
      for (TailRules.Credit rule : rules.credits()) {
        if (rule.pattern().matcher(text).find()) {
          matched.add(rule.id());
          assertThat(rule.mayMatchIn(TailRules.fold(text))).as("%s matches %s", rule.id(), text).isTrue();
        }
      }
    }
    // every rule was exercised, so a wrong list cannot pass unseen
    assertThat(matched).containsAll(rules.credits().stream().map(TailRules.Credit::id).toList());
  }

  /** Block texts of the case bodies and the seed, and each credit alone and closing a sentence. */
  private static List<String> texts() throws IOException {
    List<String> out = new ArrayList<>();
    for (String credit : CREDITS) {
      out.add(credit);
      out.add("The minister spoke on Tuesday. " + credit);
      out.add("The minister spoke on Tuesday " + credit);
    }
    List<Path> bodies;
    try (Stream<Path> cases = Files.list(Path.of("src/test/resources/cases"))) {
      bodies = cases.filter(p -> p.toString().endsWith(".case")).sorted().toList();
    }
    ElementRules elements = NormalizeRules.defaults().compiled().elements();
    for (Path p : bodies) {
      String body = CaseFile.parse(Files.readString(p)).body();
      new BodyReader(elements, Optional.empty()).read(body).blocks().forEach(b -> out.add(b.text()));
    }
    return out;
  }
}
