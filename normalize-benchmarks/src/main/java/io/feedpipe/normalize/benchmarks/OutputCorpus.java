package io.feedpipe.normalize.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Bodies to compare two versions of normalize on, read from a checkout of this repository: the
 * {@code body} section of every normalize case file, the fuzz regression inputs, the seed, and the
 * text of every {@code description}, {@code summary}, {@code content} and {@code encoded} element
 * of the feedparser corpus files that a plain XML parser reads (DOCTYPEs refused, files it cannot
 * read skipped).
 */
final class OutputCorpus {
  private OutputCorpus() {}

  static List<String> read(Path checkout) throws IOException {
    List<String> bodies = new ArrayList<>();
    for (Path p : files(checkout.resolve("normalize/src/test/resources/cases"), ".case")) {
      String c = Files.readString(p);
      int b = c.indexOf("=== body\n");
      if (b >= 0) {
        int e = c.indexOf("\n=== ", b + 9);
        bodies.add(c.substring(b + 9, e < 0 ? c.length() : e));
      }
    }
    for (Path p : files(checkout.resolve("normalize/src/test/resources/io/feedpipe/normalize/NormalizerFuzzTestInputs"), "")) {
      bodies.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }
    bodies.add(NormalizeBenchmark.resource("/bench/seed.html"));
    DocumentBuilder xml = xmlParser();
    for (Path p : files(checkout.resolve("ingest/src/test/resources/feedparser"), ".xml")) {
      try {
        Document doc = xml.parse(p.toFile());
        for (String name : List.of("description", "summary", "content", "encoded")) {
          NodeList nodes = doc.getElementsByTagNameNS("*", name);
          for (int i = 0; i < nodes.getLength(); i++) {
            String text = ((Element) nodes.item(i)).getTextContent();
            if (!text.isBlank()) {
              bodies.add(text);
            }
          }
        }
      } catch (Exception unreadable) {
        // ill-formed on purpose, or in an encoding the JDK's parser refuses: not needed here
      }
    }
    return bodies;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static DocumentBuilder xmlParser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
