package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a URL may be shown outside feedpipe: the one function applied wherever a URL leaves the
 * process (events, feed status, dead letters, feed state, {@code /feeds}, logs, error lines). The
 * userinfo ({@code alice:s3cret@}) is removed, and the value of every query (or fragment) parameter
 * whose name says it is a secret ({@link #DEFAULT_SECRET_PARAMETERS}, or the names set by {@link
 * #useSecretParameters}) reads {@value #REDACTED}:
 *
 * <pre>{@code
 * http://alice:s3cret@host/feed.xml?token=abc123&page=2  →  http://host/feed.xml?token=REDACTED&page=2
 * }</pre>
 *
 * Names compare case-insensitively after percent-decoding. Redacting twice changes nothing. A feed's
 * id is derived from its URL as configured, before redaction, so ids and keys do not depend on it.
 *
 * <p>The names are process-wide, like the log output they also protect: the app sets them once at
 * start (setting {@code redact.queryParameters}), before any feed is read. Thread-safe.
 */
public final class Redaction {
  /** What a secret value reads as once redacted. */
  public static final String REDACTED = "REDACTED";

  /** The query parameters whose values are secrets unless configured otherwise. */
  public static final List<String> DEFAULT_SECRET_PARAMETERS = List.of(
      "token", "key", "apikey", "api_key", "access_token", "auth", "sig", "signature", "password");

  /** An absolute URL inside free text: a scheme, {@code ://}, then anything up to a blank or a quote. */
  private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b[a-z][a-z0-9+.\\-]*://[^\\s\"'<>\\\\^`{|}]+");
  /** The userinfo of an absolute URL that {@link URI} could not read. */
  private static final Pattern USERINFO_IN_TEXT = Pattern.compile("(?i)^([a-z][a-z0-9+.\\-]*://)[^/?#\\s]*@");
  private static final Pattern NAME = Pattern.compile("[^\\s=&#;?/]+");
  /** A parameter in free text: a separator, a name, {@code =}, a value up to the next separator or blank. */
  private static final Pattern PARAMETER_IN_TEXT = Pattern.compile("([?&#;])([^\\s=&#;?/\"'<>]+)=([^&#;\\s\"'<>]*)");

  private static volatile Names names = Names.of(DEFAULT_SECRET_PARAMETERS);

  private Redaction() {}

  /**
   * Sets the secret parameter names for the whole process, replacing the defaults.
   *
   * @throws IllegalArgumentException when a name is blank or holds {@code = & # ; ? /} or a blank
   */
  public static void useSecretParameters(Collection<String> secretParameters) {
    names = Names.of(List.copyOf(requireNonNull(secretParameters, "secretParameters")));
  }

  /** The secret parameter names in force, lower-case. */
  public static List<String> secretParameters() {
    return names.lowerCase();
  }

  /** Why {@code name} cannot be a secret parameter name, or empty when it can. */
  public static Optional<String> nameProblem(String name) {
    return NAME.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a query parameter name (no blanks or = & # ; ? /)");
  }

  /** Whether a query parameter of this (raw, possibly percent-encoded) name holds a secret. */
  public static boolean isSecretParameter(String rawName) {
    return names.lowerCase().contains(decode(rawName).toLowerCase(Locale.ROOT));
  }

  /** {@code url} as it may be shown: no userinfo, secret parameter values {@value #REDACTED}. */
  public static URI url(URI url) {
    requireNonNull(url, "url");
    if (url.isOpaque()) {
      return url;
    }
    String shown = shown(url);
    if (shown.equals(url.toString())) {
      return url;
    }
    try {
      return new URI(shown);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("removing parts of a valid URI cannot make it invalid: " + e.getMessage(), e);
    }
  }

  /**
   * {@code text} with every URL in it {@linkplain #url(URI) redacted}, and every secret parameter of
   * a relative reference ({@code /feed?token=abc}) too: for messages, log lines and exception texts.
   */
  public static String text(String text) {
    requireNonNull(text, "text");
    if (text.indexOf('=') < 0 && !text.contains("://")) {
      return text;
    }
    Matcher m = URL_IN_TEXT.matcher(text);
    StringBuilder urls = new StringBuilder(text.length());
    while (m.find()) {
      String candidate = m.group();
      int end = endBeforePunctuation(candidate);
      m.appendReplacement(urls, Matcher.quoteReplacement(urlInText(candidate.substring(0, end)) + candidate.substring(end)));
    }
    m.appendTail(urls);
    Matcher p = PARAMETER_IN_TEXT.matcher(urls);
    StringBuilder out = new StringBuilder(urls.length());
    while (p.find()) {
      String value = p.group(3);
      int end = endBeforePunctuation(value);
      String shown = isSecretParameter(p.group(2)) ? REDACTED + value.substring(end) : value;
      p.appendReplacement(out, Matcher.quoteReplacement(p.group(1) + p.group(2) + "=" + shown));
    }
    p.appendTail(out);
    return out.toString();
  }

  /** Where {@code s} ends less the sentence punctuation after it ({@code "abc)."} → 3), which a URL in prose is followed by. */
  private static int endBeforePunctuation(String s) {
    int end = s.length();
    while (end > 0 && ".,;:!?)'".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return end;
  }

  /**
   * {@code shown} (a {@linkplain #url(URI) redacted} URL) with the values of its redacted
   * parameters taken again from {@code source}, by name (the n-th parameter of a name from the n-th
   * of that name in {@code source}, else its first). The inverse of {@link #url(URI)} for a URL that
   * carries the same secrets as {@code source}; a value {@code source} does not give stays
   * {@value #REDACTED}. Userinfo is not restored.
   */
  public static URI restore(URI shown, URI source) {
    requireNonNull(shown, "shown");
    requireNonNull(source, "source");
    if (shown.isOpaque() || shown.getRawQuery() == null && shown.getRawFragment() == null) {
      return shown;
    }
    Map<String, List<String>> values = new HashMap<>();
    for (String part : List.of(Optional.ofNullable(source.getRawQuery()).orElse(""),
        Optional.ofNullable(source.getRawFragment()).orElse(""))) {
      for (String pair : part.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && isSecretParameter(pair.substring(0, eq))) {
          values.computeIfAbsent(key(pair.substring(0, eq)), k -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    StringBuilder out = new StringBuilder(prefix(shown));
    appendParameters(out, '?', shown.getRawQuery(), (name, value) -> restored(name, value, values, seen));
    appendParameters(out, '#', shown.getRawFragment(), (name, value) -> restored(name, value, values, seen));
    try {
      return new URI(out.toString());
    } catch (URISyntaxException e) {
      return shown; // a value of source that does not fit here: keep what was shown
    }
  }

  private static String restored(String name, String value, Map<String, List<String>> values, Map<String, Integer> seen) {
    if (!value.equals(REDACTED) || !isSecretParameter(name)) {
      return value;
    }
    List<String> given = values.getOrDefault(key(name), List.of());
    int n = seen.merge(key(name), 1, Integer::sum) - 1;
    return given.isEmpty() ? value : given.get(Math.min(n, given.size() - 1));
  }

  private static String shown(URI url) {
    StringBuilder out = new StringBuilder(prefix(url));
    appendParameters(out, '?', url.getRawQuery(), (name, value) -> isSecretParameter(name) ? REDACTED : value);
    appendParameters(out, '#', url.getRawFragment(), (name, value) -> isSecretParameter(name) ? REDACTED : value);
    return out.toString();
  }

  /** Everything before the query and fragment, as written, less the userinfo. */
  private static String prefix(URI url) {
    String raw = url.toString();
    int end = raw.length();
    for (char c : new char[] {'?', '#'}) {
      int at = raw.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String prefix = raw.substring(0, end);
    String userInfo = url.getRawUserInfo();
    return userInfo == null ? prefix : prefix.replaceFirst(Pattern.quote("//" + userInfo + "@"), "//");
  }

  @FunctionalInterface
  private interface ValueRule {
    String value(String rawName, String rawValue);
  }

  private static void appendParameters(StringBuilder out, char separator, String raw, ValueRule rule) {
    if (raw == null) {
      return;
    }
    out.append(separator);
    String[] pairs = raw.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      out.append(i == 0 ? "" : "&");
      out.append(eq <= 0 ? pair : pair.substring(0, eq + 1) + rule.value(pair.substring(0, eq), pair.substring(eq + 1)));
    }
  }

  private static String urlInText(String candidate) {
    try {
      return url(new URI(candidate)).toString();
    } catch (URISyntaxException e) {
      // not a URI java.net reads (a space-less but illegal character): remove the userinfo by
      // pattern; the parameter pattern below does the rest
      return USERINFO_IN_TEXT.matcher(candidate).replaceFirst("$1");
    }
  }

  private static String key(String rawName) {
    return decode(rawName).toLowerCase(Locale.ROOT);
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a broken escape: compare it as written
    }
  }

  /** The names in force, lower-case, checked. */
  private record Names(List<String> lowerCase) {
    static Names of(List<String> given) {
      List<String> out = new ArrayList<>();
      for (String name : given) {
        requireNonNull(name, "secret parameter name");
        nameProblem(name).ifPresent(p -> {
          throw new IllegalArgumentException(p);
        });
        String lower = name.toLowerCase(Locale.ROOT);
        if (!out.contains(lower)) {
          out.add(lower);
        }
      }
      return new Names(List.copyOf(out));
    }
  }
}
