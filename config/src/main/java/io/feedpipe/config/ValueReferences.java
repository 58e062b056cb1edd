package io.feedpipe.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to secrets kept outside the config file, resolved where a config file's value is
 * read: {@code ${env:NAME}} is the environment variable {@code NAME}, {@code ${file:PATH}} the
 * content of the file at {@code PATH} (one trailing line break dropped). A value may hold several,
 * among other text: {@code password="${env:KAFKA_PASSWORD}";}. So the file itself holds no secret,
 * and the value a dump of the configuration shows is the reference, not what it resolves to.
 * Other {@code ${provider:…}} forms are left as written (Kafka's own config providers read them).
 * Files larger than {@value #MAX_FILE_BYTES} bytes are refused.
 */
public final class ValueReferences {
  /** The largest file a {@code ${file:PATH}} reference reads: 1 MiB. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private ValueReferences() {}

  /** Whether {@code text} holds a reference this class resolves. */
  public static boolean hasReference(String text) {
    return REFERENCE.matcher(requireNonNull(text, "text")).find();
  }

  /** The references {@code text} holds, as written ({@code ${env:KAFKA_PASSWORD}}), in order. */
  public static List<String> references(String text) {
    return REFERENCE.matcher(requireNonNull(text, "text")).results().map(MatchResult::group).toList();
  }

  /**
   * {@code text} with every reference replaced by what it names.
   *
   * @throws IllegalArgumentException naming the reference that cannot be resolved (an unset
   *     variable, a missing or unreadable file) — never the value of one that can
   */
  public static String resolve(String text, Map<String, String> env) {
    requireNonNull(text, "text");
    requireNonNull(env, "env");
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2).strip();
      String value = m.group(1).equals("env") ? fromEnv(name, env) : fromFile(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String fromEnv(String name, Map<String, String> env) {
    String value = env.get(name);
    if (value == null) {
      throw new IllegalArgumentException("${env:" + name + "} names an environment variable that is not set");
    }
    return value;
  }

  private static String fromFile(String name) {
    try {
      Path path = Path.of(name);
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("${file:" + name + "} is larger than " + MAX_FILE_BYTES + " bytes");
      }
      String content = Files.readString(path, StandardCharsets.UTF_8);
      return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException | InvalidPathException e) {
      throw new IllegalArgumentException("${file:" + name + "} cannot be read: " + e, e);
    }
  }
}
