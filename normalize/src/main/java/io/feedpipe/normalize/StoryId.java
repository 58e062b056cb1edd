package io.feedpipe.normalize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The stable story id: the first 32 hex digits of SHA-256 of {@code feedId + "\n" + identity}. */
final class StoryId {
  private StoryId() {}

  static String of(String feedId, String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((feedId + "\n" + identity).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
