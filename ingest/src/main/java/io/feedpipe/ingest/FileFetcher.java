package io.feedpipe.ingest;

import io.feedpipe.model.PollOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads a {@code file:} feed — a local path the operator gave explicitly, so the address guard does
 * not apply — with the same body cap. The file's modification time serves as its Last-Modified, so
 * an unchanged file is a 304.
 */
final class FileFetcher {
  private FileFetcher() {}

  static FetchOutcome fetch(URI url, Optional<String> lastModified, long maxBodyBytes) {
    Path path;
    try {
      path = Path.of(url);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return FetchOutcome.Failed.of(PollOutcome.REFUSED, "refused", url + ": not a local file path (" + e.getMessage() + ")");
    }
    try {
      String modified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
          Files.getLastModifiedTime(path).toInstant().atOffset(ZoneOffset.UTC));
      if (lastModified.filter(modified::equals).isPresent()) {
        return new FetchOutcome.NotModified(Optional.empty(), Optional.empty(), lastModified, Optional.empty());
      }
      try (InputStream in = Files.newInputStream(path)) {
        byte[] body = LimitedBody.read(in, "", maxBodyBytes, url.toString());
        return new FetchOutcome.Fetched(body, Optional.empty(), url, Optional.empty(), Optional.empty(),
            Optional.of(modified), Optional.empty(), 200);
      }
    } catch (BodyTooLargeException e) {
      return FetchOutcome.Failed.of(PollOutcome.NETWORK_ERROR, "too-large", e.getMessage());
    } catch (NoSuchFileException e) {
      return FetchOutcome.Failed.of(PollOutcome.NETWORK_ERROR, "io", url + ": no such file");
    } catch (IOException e) {
      return FetchOutcome.Failed.of(PollOutcome.NETWORK_ERROR, "io", url + ": " + e);
    }
  }
}
