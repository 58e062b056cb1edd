package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** #16: the rewriter repairs what the strict parser refuses, and leaves a well-formed document as it is. */
class XmlRepairTest {

  @Test
  void everyWellFormedCorpusDocumentComesBackAsItIsWithNoRepair() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(FeedparserCorpusTest.root())) {
      files = walk.filter(p -> p.toString().endsWith(".xml")).toList();
    }
    int wellFormed = 0;
    List<String> changed = new ArrayList<>();
    for (Path file : files) {
      if (!(TextDecoder.decode(Files.readAllBytes(file), Optional.empty()) instanceof TextDecoder.Decoded d)) {
        continue;
      }
      String text = d.text().replace("\uFEFF", "").strip();
      if (XmlRepair.needsRepair(text) || !parses(text)) {
        continue;
      }
      wellFormed++;
      XmlRepair.Repaired repaired = XmlRepair.recover(text);
      if (!repaired.text().equals(text) || !repaired.found().isEmpty()) {
        changed.add(file + ": " + repaired.found());
      }
    }
    assertThat(wellFormed).as("well-formed corpus documents").isGreaterThan(1800);
    assertThat(changed).isEmpty();
  }

  private static boolean parses(String text) {
    try {
      SafeXml.parse(text);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aRootEndTagWithMoreMarkupAfterItIsDropped() {
    XmlRepair.Repaired r = XmlRepair.recover("<rss><channel><item><title>A</title></item></rss>"
        + "<item><title>B</title></item></channel></rss>");

    assertThat(r.text()).isEqualTo("<rss><channel><item><title>A</title></item>"
        + "<item><title>B</title></item></channel></rss>");
    assertThat(r.entries()).isEqualTo(2);
    assertThat(r.found()).singleElement().satisfies(f -> assertThat(f.detail())
        .isEqualTo("end tags that did not match: </rss> before the end of the document dropped"));
  }

  @Test
  void whatFollowsTheRootElementIsDropped() {
    XmlRepair.Repaired r = XmlRepair.recover("<rss><channel/></rss>\n<rss><channel/></rss> trailing");

    assertThat(r.text()).isEqualTo("<rss><channel/></rss>\n");
    assertThat(r.found()).extracting(XmlRepair.Found::detail).containsExactly("content after the root element dropped");
  }

  @Test
  void brokenTagsAndAttributesAreMendedInPlace() {
    XmlRepair.Repaired r = XmlRepair.recover(
        "<rss><channel><item><title>3 < 4</title><enclosure url=http://x.example/a.mp3 length=\"1\" length=\"2\" "
            + "hidden/></item></channel></rss>");

    assertThat(r.text()).isEqualTo("<rss><channel><item><title>3 &lt; 4</title>"
        + "<enclosure url=\"http://x.example/a.mp3\" length=\"1\" hidden=\"hidden\"/></item></channel></rss>");
    assertThat(r.found()).extracting(f -> f.entry() + " " + f.kind() + " " + f.where()).containsExactly(
        "0 malformed-markup title", "0 malformed-markup item");
  }

  @Test
  void anUnterminatedCdataSectionEndsWhereItsElementDoes() {
    XmlRepair.Repaired r = XmlRepair.recover(
        "<rss><channel><item><description><![CDATA[<p>Text</description></item><item><title>B</title></item>"
            + "</channel></rss>");

    assertThat(r.text()).contains("<description><![CDATA[<p>Text]]></description></item><item><title>B</title>");
    assertThat(r.entries()).isEqualTo(2);
  }

  @Test
  void theEntryATextEndsInsideIsReported() {
    XmlRepair.Repaired inside = XmlRepair.recover("<rss><channel><item><title>A</title></item><item><title>B");
    XmlRepair.Repaired after = XmlRepair.recover("<rss><channel><item><title>A</title></item>");

    assertThat(inside.cutEntry()).isEqualTo(1);
    assertThat(inside.text()).endsWith("<item><title>B</title></item></channel></rss>");
    assertThat(after.cutEntry()).isEqualTo(-1);
    assertThat(after.found()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo("cut-off");
      assertThat(f.entry()).isEqualTo(-1);
    });
  }

  @Test
  void internalEntityExpansionIsBoundedByTheDocumentsOwnLength() {
    String value = "x".repeat(XmlRepair.MAX_ENTITY_CHARS);
    String refs = "&e;".repeat(2000); // 6,000 characters asking for 8 MB
    XmlRepair.Repaired r = XmlRepair.recover("<!DOCTYPE rss [<!ENTITY e \"" + value + "\">]><rss><channel><title>"
        + refs + "</title></channel></rss>");

    assertThat(r.refused()).isEmpty();
    assertThat(r.text().length()).isLessThan(1_100_000);
    assertThat(r.text()).contains(value).contains("&amp;e;");
  }

  @Test
  void aDoctypeDeclaringNestedOrExternalGeneralEntitiesIsRefused() {
    assertThat(XmlRepair.recover("<!DOCTYPE r [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;\">]><rss/>").refused())
        .hasValueSatisfying(reason -> assertThat(reason).contains("DOCTYPE"));
    assertThat(XmlRepair.recover("<!DOCTYPE r [<!ENTITY a SYSTEM \"file:///etc/passwd\">]><rss/>").refused())
        .isPresent();
    assertThat(XmlRepair.recover("<!DOCTYPE r [<!ENTITY % p SYSTEM \"x.ent\">%p;]><rss/>").refused()).isEmpty();
  }
}
