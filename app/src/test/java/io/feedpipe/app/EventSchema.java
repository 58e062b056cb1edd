package io.feedpipe.app;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The story-event JSON Schema shipped in the publish jar: every event the app tests see is checked against it. */
final class EventSchema {
  private static final Schema SCHEMA = load();

  private EventSchema() {}

  /** The schema violations of one event value; empty when it conforms. */
  static List<String> violations(byte[] event) {
    List<Error> errors = SCHEMA.validate(new String(event, StandardCharsets.UTF_8), InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }

  private static Schema load() {
    try (InputStream in = io.feedpipe.publish.StoryEvents.class.getResourceAsStream("story-event.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("story-event.schema.json missing from the publish jar");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
