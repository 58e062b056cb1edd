package io.feedpipe.ingest;

import java.io.IOException;

/** The body exceeded {@code fetch.maxBodyBytes} (counted after decompression). */
final class BodyTooLargeException extends IOException {
  BodyTooLargeException(String message) {
    super(message);
  }
}
