package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.QueryParser;
import org.junit.jupiter.api.Test;

class ElementRulesTest {
  @Test
  void keysPastTheBoundAreNotRememberedWithOrWithoutAttributes() {
    String longName = "x-" + "a".repeat(ElementRules.MAX_KEY_CHARS);
    Document doc = Jsoup.parseBodyFragment("<p class=ad>a</p><" + longName + ">b</" + longName + "><p class=\""
        + "c".repeat(ElementRules.MAX_KEY_CHARS) + "\">c</p><p>d</p>");
    var elements = doc.body().children();
    assertThat(ElementRules.key(elements.get(0), Set.of("class"))).isEqualTo("p\u0000class=ad");
    assertThat(ElementRules.key(elements.get(1), Set.of("class"))).isNull();
    assertThat(ElementRules.key(elements.get(2), Set.of("class"))).isNull();
    assertThat(ElementRules.key(elements.get(3), Set.of("class"))).isEqualTo("p");
  }


  @Test
  void localSelectorsNameTheAttributesTheyLookAt() {
    assertThat(ElementRules.attributesNamedBy("script, style")).contains(Set.of());
    assertThat(ElementRules.attributesNamedBy("img[width=1], img[src*=/beacon]")).contains(Set.of("width", "src"));
    assertThat(ElementRules.attributesNamedBy("ins.adsbygoogle, #top, [class~=(?i)(^|\\s)[\\w-]*(share)[\\w-]*(\\s|$)]"))
        .contains(Set.of("class", "id"));
  }

  @Test
  void selectorsWithCombinatorsPseudoClassesOrOddBracketsAreNotLocal() {
    for (String css : List.of("div p", "div > p", "h2 + p", "h2 ~ p", "p:has(a)", "p:contains(Also Read)",
        "[^data-]", "a[href]]", "[x", "svg|rect", "p,")) {
      assertThat(ElementRules.attributesNamedBy(css)).as(css).isEmpty();
    }
  }

  @Test
  void aRememberedAnswerIsOnlyReusedForTheSameTagAndNamedAttributes() {
    ElementRules rules = rules("img[width=1]", "[class~=share]");
    Document doc = Jsoup.parseBodyFragment(
        "<img src=a width=1><img src=b width=1><img src=c width=2><p class=share>x</p><p class=story>y</p><p>z</p>");
    List<Optional<String>> ids = doc.body().children().stream()
        .map(e -> rules.firstMatch(doc, e).map(ElementRule::id)).toList();
    assertThat(ids).containsExactly(Optional.of("r0"), Optional.of("r0"), Optional.empty(), Optional.of("r1"),
        Optional.empty(), Optional.empty());
  }

  @Test
  void localRulesDecideAnElementAloneAsInItsTree() {
    assertThat(NormalizeRules.defaults().compiled().elements().local()).isTrue();
    assertThat(rules("script", "[class~=share]").local()).isTrue();
    assertThat(rules("*").local()).isTrue();
    // a structural selector may drop an element somewhere: not decided without the tree
    assertThat(rules("div.related p").local()).isFalse();
    // an element outside any tree (as SimpleHtml reads them) is decided by its tag and attributes
    ElementRules rules = rules("script", "p", "[class~=share]");
    Element bare = new Element("p");
    Element shared = new Element("div").attr("class", "social-share-bar");
    assertThat(rules.firstMatch(bare, bare).map(ElementRule::id)).contains("r1");
    assertThat(rules.firstMatch(shared, shared).map(ElementRule::id)).contains("r2");
    assertThat(rules("script", "[class~=share]").firstMatch(bare, bare)).isEmpty();
  }

  @Test
  void aStructuralSelectorIsEvaluatedForEveryElement() {
    ElementRules rules = rules("div.related p");
    Document doc = Jsoup.parseBodyFragment("<div class=related><p>a</p></div><p>b</p>");
    List<Optional<String>> ids = doc.select("p").stream().map(e -> rules.firstMatch(doc, e).map(ElementRule::id)).toList();
    assertThat(ids).containsExactly(Optional.of("r0"), Optional.empty());
  }

  private static ElementRules rules(String... selectors) {
    List<ElementRule> list = new java.util.ArrayList<>();
    for (int i = 0; i < selectors.length; i++) {
      list.add(new ElementRule("r" + i, "furniture", selectors[i], QueryParser.parse(selectors[i])));
    }
    return new ElementRules(list);
  }

}
