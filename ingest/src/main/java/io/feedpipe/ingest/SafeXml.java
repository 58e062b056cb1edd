package io.feedpipe.ingest;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaderJDOMFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * XML parsing for untrusted feeds: the JDK's own SAX parser, pinned with {@link
 * SAXParserFactory#newDefaultInstance()} so no parser found on the classpath can take its place,
 * with DOCTYPE declarations refused, external entities and DTD loading off, and secure processing on.
 * A feature the parser does not accept is a start-up error, never a silent skip. Thread-safe: every
 * call builds its own reader.
 */
final class SafeXml {
  private static final XMLReaderJDOMFactory FACTORY = new XMLReaderJDOMFactory() {
    @Override
    public XMLReader createXMLReader() throws JDOMException {
      try {
        return newReader();
      } catch (ParserConfigurationException | SAXException e) {
        throw new JDOMException("the JDK's SAX parser refused a security feature: " + e.getMessage(), e);
      }
    }

    @Override
    public boolean isValidating() {
      return false;
    }
  };

  private SafeXml() {}

  static XMLReader newReader() throws ParserConfigurationException, SAXException {
    SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    XMLReader reader = factory.newSAXParser().getXMLReader();
    reader.setEntityResolver((publicId, systemId) -> {
      throw new SAXException("external entity " + systemId + " refused");
    });
    return reader;
  }

  /** Like {@link #parse}, with each element knowing its line ({@link org.jdom2.located.Located}). */
  static Document parseLocated(String xml) throws JDOMException, IOException {
    SAXBuilder builder = new SAXBuilder(FACTORY);
    builder.setJDOMFactory(new org.jdom2.located.LocatedJDOMFactory());
    builder.setExpandEntities(false);
    return builder.build(new InputSource(new StringReader(xml)));
  }

  /** Parses text into a JDOM document; a DOCTYPE is an error. */
  static Document parse(String xml) throws JDOMException, IOException {
    SAXBuilder builder = new SAXBuilder(FACTORY);
    builder.setExpandEntities(false);
    builder.setReuseParser(false);
    return builder.build(new InputSource(new StringReader(xml)));
  }
}
