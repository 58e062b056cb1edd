package io.feedpipe.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Reads a body into memory, decoding gzip/deflate, and stops at a cap counted on decoded bytes. */
final class LimitedBody {
  private LimitedBody() {}

  /**
   * Reads the whole stream.
   *
   * @param contentEncoding the {@code Content-Encoding} header ("" for none)
   * @param maxBytes the cap on decoded bytes ({@code fetch.maxBodyBytes})
   * @throws BodyTooLargeException as soon as more than {@code maxBytes} decoded bytes arrive
   */
  static byte[] read(InputStream raw, String contentEncoding, long maxBytes, String url) throws IOException {
    InputStream in = decoding(raw, contentEncoding.strip().toLowerCase(Locale.ROOT), url);
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > maxBytes) {
        throw new BodyTooLargeException(url + ": body exceeded " + maxBytes + " bytes"
            + (contentEncoding.isBlank() ? "" : " after " + contentEncoding + " decoding")
            + " (limit fetch.maxBodyBytes)");
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException(url + ": interrupted while reading the body");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static InputStream decoding(InputStream raw, String encoding, String url) throws IOException {
    return switch (encoding) {
      case "", "identity" -> raw;
      case "gzip", "x-gzip" -> new GZIPInputStream(raw, 8192);
      case "deflate" -> {
        // "deflate" is zlib-wrapped by the standard, raw DEFLATE on some servers: look at the header.
        BufferedInputStream in = new BufferedInputStream(raw, 8192);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
        yield new InflaterInputStream(in, new Inflater(!zlib), 8192);
      }
      default -> throw new IOException(url + ": unsupported Content-Encoding '" + encoding
          + "' (feedpipe asks for gzip or deflate only)");
    };
  }
}
