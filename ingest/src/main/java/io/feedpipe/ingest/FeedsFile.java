package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.feedpipe.config.Durations;
import io.feedpipe.config.SettingType;
import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import io.feedpipe.model.SecretRef;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.located.Located;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The operator's feed list: a YAML feeds file, or an OPML export (recognised by content).
 *
 * <pre>{@code
 * feeds:
 *   - url: https://www.example.in/rss/india.xml   # required: http, https or file
 *     id: example-india                           # optional; default: derived from the URL
 *     name: Example India                         # optional
 *     tags: [india, agency]                       # optional
 *     interval: 10m                               # optional: 30s, 10m (10min), 2h, 1d or ISO-8601 (PT10M)
 *     zoneAbbreviations: {IST: Asia/Kolkata}      # optional, over parse.zoneAbbreviations
 *   - url: https://private.example/feed.xml
 *     auth:                                       # optional: basic or bearer
 *       basic: {username: alice, passwordEnv: FEED_PASSWORD}   # or passwordFile: secrets/feed
 *       # bearer: {tokenFile: /run/secrets/feed-token}        # or tokenEnv: FEED_TOKEN
 *     headers:                                    # optional: further secret headers
 *       X-Api-Key: {valueEnv: FEED_API_KEY}       # or valueFile: PATH
 * }</pre>
 *
 * A bad entry is reported as {@code file:line: reason} and skipped; the good ones are returned.
 * A relative path in {@code url} is a local file, resolved against the feeds file's folder. Files
 * larger than {@value #MAX_FILE_BYTES} bytes are refused.
 *
 * <p>Credentials are never written in the file: {@code auth} and {@code headers} name an
 * environment variable ({@code …Env}) or a file ({@code …File}, relative to the feeds file's folder)
 * that holds the secret, read at each fetch. A URL's userinfo ({@code https://alice:pw@host/…}) is
 * still read, as Basic auth. Problems name the key, never a secret, and show URLs redacted.
 */
public final class FeedsFile {
  /** The largest feeds file read: 16 MiB (about 100,000 feeds). */
  public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  /** A feed's {@code interval}: a positive duration in feedpipe's one grammar ({@link Durations}). */
  private static final SettingType<Duration> INTERVAL = SettingType.positiveDuration();
  private static final Set<String> KEYS = Set.of("url", "id", "name", "tags", "interval", "zoneAbbreviations", "auth",
      "headers");

  /** The beginning of a URL: a scheme of two or more characters (one is a Windows drive) and a colon. */
  private static final Pattern URL_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

  private FeedsFile() {}

  /** Reads a YAML feeds file or an OPML file. Never throws for bad entries; an unreadable file is one problem. */
  public static FeedList load(Path file) {
    requireNonNull(file, "file");
    String name = file.toString();
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        return new FeedList(List.of(), List.of(name + ":1: file is " + size + " bytes; the limit is " + MAX_FILE_BYTES));
      }
      byte[] bytes = Files.readAllBytes(file);
      TextDecoder.Result decoded = TextDecoder.decode(bytes, Optional.empty());
      if (decoded instanceof TextDecoder.Undecodable(String message)) {
        return new FeedList(List.of(), List.of(name + ":1: " + message));
      }
      text = ((TextDecoder.Decoded) decoded).text();
    } catch (IOException e) {
      return new FeedList(List.of(), List.of(name + ":1: cannot read the file: " + e));
    }
    Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
    String trimmed = text.stripLeading().replace("\uFEFF", "");
    return trimmed.startsWith("<") ? loadOpml(name, trimmed, base) : loadYaml(name, text, base);
  }

  /**
   * Reads an OPML file only (what {@code feedpipe import-opml} converts): a file that is not XML
   * is one problem saying it is no OPML file, not a YAML error.
   */
  public static FeedList loadOpml(Path file) {
    requireNonNull(file, "file");
    try (var in = Files.newInputStream(file)) {
      String head = new String(in.readNBytes(512), java.nio.charset.StandardCharsets.ISO_8859_1)
          .replace("\u00EF\u00BB\u00BF", "").stripLeading();
      if (!head.startsWith("<")) {
        return new FeedList(List.of(), List.of(file + " is not an OPML file (an OPML export is XML: <opml version=\"2.0\">…)"));
      }
    } catch (IOException e) {
      return new FeedList(List.of(), List.of(file + ":1: cannot read the file: " + e));
    }
    return load(file);
  }

  private static FeedList loadYaml(String file, String text, Path base) {
    List<FeedDefinition> feeds = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      options.setCodePointLimit((int) MAX_FILE_BYTES);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      // the problem and its place, not the snippet of the file the full message quotes: it may hold a secret
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      return new FeedList(List.of(), List.of(file + ":" + line + ": not valid YAML: " + e.getProblem()));
    } catch (YAMLException e) {
      return new FeedList(List.of(), List.of(file + ":1: not valid YAML: " + Redaction.text(e.getMessage().replace('\n', ' '))));
    }
    if (root == null) {
      return new FeedList(List.of(), List.of());
    }
    Node list = root;
    if (root instanceof MappingNode map) {
      list = null;
      for (NodeTuple t : map.getValue()) {
        if (scalar(t.getKeyNode()).equals("feeds")) {
          list = t.getValueNode();
        } else {
          problems.add(at(file, t.getKeyNode()) + "unknown top-level key '" + scalar(t.getKeyNode()) + "' (expected feeds)");
        }
      }
      if (list == null) {
        problems.add(file + ":1: no 'feeds:' list");
        return new FeedList(List.of(), problems);
      }
    }
    if (!(list instanceof SequenceNode sequence)) {
      problems.add(at(file, list) + "'feeds' must be a list of feeds");
      return new FeedList(List.of(), problems);
    }
    Set<String> ids = new HashSet<>();
    for (Node entry : sequence.getValue()) {
      readEntry(file, entry, base, problems).ifPresent(feed -> {
        if (ids.add(feed.id())) {
          feeds.add(feed);
        } else {
          problems.add(at(file, entry) + "duplicate feed id '" + feed.id() + "' (" + Redaction.url(feed.url()) + "); entry skipped");
        }
      });
    }
    return new FeedList(feeds, problems);
  }

  private static Optional<FeedDefinition> readEntry(String file, Node entry, Path base, List<String> problems) {
    if (entry instanceof ScalarNode s) {
      return url(file, s, s.getValue(), base, problems).map(FeedDefinition::of);
    }
    if (!(entry instanceof MappingNode map)) {
      problems.add(at(file, entry) + "a feed must be a URL or a mapping with url, id, name, tags, interval");
      return Optional.empty();
    }
    try {
      return readMapping(file, map, base, problems);
    } catch (EntryProblem e) {
      problems.add(at(file, e.node) + e.getMessage() + "; entry skipped");
      return Optional.empty();
    }
  }

  /** A problem that skips the entry, at the node it is about. */
  private static final class EntryProblem extends Exception {
    final transient Node node;

    EntryProblem(Node node, String message) {
      super(message, null, false, false);
      this.node = node;
    }
  }

  private static Optional<FeedDefinition> readMapping(String file, MappingNode entry, Path base, List<String> problems)
      throws EntryProblem {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple t : entry.getValue()) {
      String key = scalar(t.getKeyNode());
      if (!KEYS.contains(key)) {
        problems.add(at(file, t.getKeyNode()) + "unknown key '" + key + "' ignored (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      } else {
        fields.put(key, t.getValueNode());
      }
    }
    Node urlNode = fields.get("url");
    if (urlNode == null) {
      problems.add(at(file, entry) + "feed without a url; entry skipped");
      return Optional.empty();
    }
    Optional<URI> url = url(file, urlNode, scalar(urlNode), base, problems);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String id = Optional.ofNullable(fields.get("id")).map(FeedsFile::scalar).filter(s -> !s.isBlank())
        .orElseGet(() -> FeedDefinition.idFor(url.get()));
    Optional<String> name = Optional.ofNullable(fields.get("name")).map(FeedsFile::scalar).filter(s -> !s.isBlank());
    List<String> tags = new ArrayList<>();
    Node tagNode = fields.get("tags");
    if (tagNode instanceof SequenceNode seq) {
      seq.getValue().forEach(n -> tags.add(scalar(n)));
    } else if (tagNode != null) {
      for (String t : scalar(tagNode).split(",")) {
        if (!t.isBlank()) {
          tags.add(t.strip());
        }
      }
    }
    Optional<Duration> interval = Optional.empty();
    if (fields.containsKey("interval")) {
      Node n = fields.get("interval");
      try {
        interval = Optional.of(INTERVAL.read(scalar(n)));
      } catch (IllegalArgumentException e) {
        problems.add(at(file, n) + "interval '" + scalar(n) + "' " + e.getMessage() + "; entry skipped");
        return Optional.empty();
      }
    }
    Map<String, String> zones = new LinkedHashMap<>();
    Node zoneNode = fields.get("zoneAbbreviations");
    if (zoneNode instanceof MappingNode zm) {
      for (NodeTuple t : zm.getValue()) {
        String zone = scalar(t.getValueNode());
        try {
          ZoneId.of(zone);
          zones.put(scalar(t.getKeyNode()).toUpperCase(Locale.ROOT), zone);
        } catch (DateTimeException e) {
          problems.add(at(file, t.getValueNode()) + "zone '" + zone + "' for " + scalar(t.getKeyNode())
              + " is not a zone id or offset (e.g. Asia/Kolkata, +05:30); entry skipped");
          return Optional.empty();
        }
      }
    } else if (zoneNode != null) {
      problems.add(at(file, zoneNode) + "zoneAbbreviations must be a mapping such as {IST: Asia/Kolkata}; entry skipped");
      return Optional.empty();
    }
    FeedDefinition fromUrl = FeedDefinition.of(url.get()); // userinfo read into Basic auth
    Optional<FeedAuth> auth = fromUrl.auth();
    if (fields.containsKey("auth")) {
      if (auth.isPresent()) {
        throw new EntryProblem(fields.get("auth"), "the URL carries userinfo and auth is given too: keep one (auth)");
      }
      auth = Optional.of(auth(fields.get("auth"), base));
    }
    Map<String, SecretRef> headers = fields.containsKey("headers") ? headers(fields.get("headers"), base) : Map.of();
    try {
      return Optional.of(new FeedDefinition(id, fromUrl.url(), name, tags, interval, zones, auth, headers));
    } catch (IllegalArgumentException e) {
      problems.add(at(file, entry) + e.getMessage() + "; entry skipped");
      return Optional.empty();
    }
  }

  /** {@code auth: {basic: {username, passwordEnv|passwordFile}}} or {@code auth: {bearer: {tokenEnv|tokenFile}}}. */
  private static FeedAuth auth(Node node, Path base) throws EntryProblem {
    Map<String, Node> kinds = mapping(node, "auth", Set.of("basic", "bearer"),
        "auth must be {basic: {username, passwordEnv|passwordFile}} or {bearer: {tokenEnv|tokenFile}}");
    if (kinds.size() != 1) {
      throw new EntryProblem(node, "auth must give exactly one of basic and bearer");
    }
    if (kinds.containsKey("basic")) {
      Node basic = kinds.get("basic");
      Map<String, Node> fields = mapping(basic, "auth.basic", Set.of("username", "password", "passwordEnv", "passwordFile"),
          "auth.basic must be {username: NAME, passwordEnv: VARIABLE} or {username: NAME, passwordFile: PATH}");
      Node username = fields.get("username");
      if (username == null || !(username instanceof ScalarNode)) {
        throw new EntryProblem(basic, "auth.basic needs a username");
      }
      try {
        return new FeedAuth.Basic(scalar(username), secret(basic, fields, "auth.basic", "password", base));
      } catch (IllegalArgumentException e) {
        throw new EntryProblem(username, "auth.basic.username: " + e.getMessage());
      }
    }
    Node bearer = kinds.get("bearer");
    Map<String, Node> fields = mapping(bearer, "auth.bearer", Set.of("token", "tokenEnv", "tokenFile"),
        "auth.bearer must be {tokenEnv: VARIABLE} or {tokenFile: PATH}");
    return new FeedAuth.Bearer(secret(bearer, fields, "auth.bearer", "token", base));
  }

  /** {@code headers: {Name: {valueEnv|valueFile}}}. */
  private static Map<String, SecretRef> headers(Node node, Path base) throws EntryProblem {
    if (!(node instanceof MappingNode map)) {
      throw new EntryProblem(node, "headers must be a mapping such as {X-Api-Key: {valueEnv: FEED_API_KEY}}");
    }
    Map<String, SecretRef> headers = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String name = scalar(t.getKeyNode());
      String key = "headers." + name;
      Map<String, Node> fields = mapping(t.getValueNode(), key, Set.of("value", "valueEnv", "valueFile"),
          key + " must be {valueEnv: VARIABLE} or {valueFile: PATH}, not the value itself");
      headers.put(name, secret(t.getValueNode(), fields, key, "value", base));
    }
    return headers;
  }

  /**
   * The reference to a secret given as {@code <name>Env} or {@code <name>File} under {@code key}; the
   * secret itself ({@code <name>:}) is refused, and the message never repeats it.
   */
  private static SecretRef secret(Node at, Map<String, Node> fields, String key, String name, Path base)
      throws EntryProblem {
    Node env = fields.get(name + "Env");
    Node file = fields.get(name + "File");
    if (fields.containsKey(name)) {
      throw new EntryProblem(fields.get(name), key + "." + name + ": a secret is never written in the feeds file; name "
          + "the environment variable that holds it (" + name + "Env) or the file (" + name + "File)");
    }
    if ((env == null) == (file == null)) {
      throw new EntryProblem(at, key + " needs exactly one of " + name + "Env (an environment variable's name) and "
          + name + "File (a file's path)");
    }
    try {
      if (env != null) {
        return new SecretRef.FromEnv(scalar(env).strip());
      }
      String path = scalar(file).strip();
      return new SecretRef.FromFile(path.isEmpty() ? path : base.resolve(path).normalize().toString());
    } catch (IllegalArgumentException e) { // InvalidPathException too
      throw new EntryProblem(env != null ? env : file, key + "." + name + (env != null ? "Env" : "File") + ": "
          + e.getMessage());
    }
  }

  /** The fields of a mapping node, each one of {@code known}; anything else is a problem. */
  private static Map<String, Node> mapping(Node node, String key, Set<String> known, String shape) throws EntryProblem {
    if (!(node instanceof MappingNode map)) {
      throw new EntryProblem(node, shape);
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String name = scalar(t.getKeyNode());
      if (!known.contains(name)) {
        throw new EntryProblem(t.getKeyNode(), "unknown key '" + name + "' in " + key + " (" + shape + ")");
      }
      fields.put(name, t.getValueNode());
    }
    return fields;
  }

  private static Optional<URI> url(String file, Node node, String value, Path base, List<String> problems) {
    Optional<URI> url = parseUrl(value, base);
    if (url.isEmpty()) {
      problems.add(at(file, node) + "'" + Redaction.text(value) + "' is not an http, https or file URL (or a local path); entry skipped");
    }
    return url;
  }

  static Optional<URI> parseUrl(String value, Path base) {
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(v);
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(uri);
      }
      if (scheme.equals("file")) {
        return Optional.of(Path.of(uri).toUri());
      }
      if (!scheme.isEmpty() && scheme.length() > 1) {
        return Optional.empty();
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a URI: a path, unless it begins like a URL (a scheme of two letters or more)
      if (URL_LIKE.matcher(v).lookingAt()) {
        return Optional.empty(); // a broken URL, never a file of that name (#22)
      }
    }
    try {
      return Optional.of(base.resolve(v).normalize().toUri());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** An absolute http(s) URL with a host, or an explicit file: URL; nothing else. */
  static Optional<URI> absoluteUrl(String value) {
    try {
      URI uri = new URI(value.strip());
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(uri);
      }
      if (scheme.equals("file")) {
        return Optional.of(Path.of(uri).toUri());
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a URL
    }
    return Optional.empty();
  }

  private static FeedList loadOpml(String file, String text, Path base) {
    List<FeedDefinition> feeds = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Element root;
    try {
      root = SafeXml.parseLocated(XmlRepair.repair(text)).getRootElement();
    } catch (JDOMException | IOException e) {
      return new FeedList(List.of(), List.of(file + ":1: not well-formed OPML: " + e.getMessage()));
    }
    if (!root.getName().equalsIgnoreCase("opml")) {
      return new FeedList(List.of(), List.of(file + ":1: root element <" + root.getName() + "> is neither OPML nor YAML"));
    }
    Element body = root.getChild("body");
    if (body == null) {
      return new FeedList(List.of(), List.of(file + ":1: OPML without <body>"));
    }
    Set<String> ids = new HashSet<>();
    walkOpml(file, body, List.of(), base, feeds, problems, ids);
    return new FeedList(feeds, problems);
  }

  private static void walkOpml(String file, Element parent, List<String> tags, Path base, List<FeedDefinition> feeds,
      List<String> problems, Set<String> ids) {
    for (Element outline : parent.getChildren()) {
      if (!outline.getName().equalsIgnoreCase("outline")) {
        continue;
      }
      int line = outline instanceof Located l ? l.getLine() : 1;
      String xmlUrl = attribute(outline, "xmlUrl");
      Optional<String> title = Optional.ofNullable(attribute(outline, "title")).or(() -> Optional.ofNullable(attribute(outline, "text")))
          .map(String::strip).filter(s -> !s.isEmpty());
      if (xmlUrl == null) {
        List<String> childTags = new ArrayList<>(tags);
        title.ifPresent(childTags::add);
        walkOpml(file, outline, childTags, base, feeds, problems, ids);
        continue;
      }
      // an OPML export names feeds by absolute URL: a relative reading would turn any text into a file path
      Optional<URI> url = absoluteUrl(xmlUrl);
      if (url.isEmpty()) {
        problems.add(file + ":" + line + ": xmlUrl '" + Redaction.text(xmlUrl) + "' is not an absolute http or https URL; outline skipped");
        continue;
      }
      Set<String> allTags = new LinkedHashSet<>(tags);
      String category = attribute(outline, "category");
      if (category != null) {
        for (String c : category.split(",")) {
          String tag = c.strip().replaceAll("^/+", "");
          if (!tag.isEmpty()) {
            allTags.add(tag);
          }
        }
      }
      FeedDefinition fromUrl = FeedDefinition.of(url.get());
      FeedDefinition feed = new FeedDefinition(fromUrl.id(), fromUrl.url(), title, List.copyOf(allTags), Optional.empty(),
          Map.of(), fromUrl.auth(), Map.of());
      if (ids.add(feed.id())) {
        feeds.add(feed);
      } else {
        problems.add(file + ":" + line + ": duplicate feed " + Redaction.url(url.get()) + "; outline skipped");
      }
    }
  }

  private static @org.jspecify.annotations.Nullable String attribute(Element e, String name) {
    String exact = e.getAttributeValue(name);
    if (exact != null) {
      return exact;
    }
    for (org.jdom2.Attribute a : e.getAttributes()) {
      if (a.getName().equalsIgnoreCase(name)) {
        return a.getValue();
      }
    }
    return null;
  }

  /**
   * Writes feeds as a YAML feeds file that {@link #load} reads back to the same definitions. A
   * password that came from a URL's userinfo goes back into the URL; every other credential is
   * written as the reference it is.
   */
  public static String toYaml(List<FeedDefinition> feeds) {
    requireNonNull(feeds, "feeds");
    List<Map<String, Object>> list = new ArrayList<>();
    for (FeedDefinition f : feeds) {
      Map<String, Object> m = new LinkedHashMap<>();
      boolean authInUrl = f.auth().filter(a -> a instanceof FeedAuth.Basic b && b.password() instanceof SecretRef.Inline)
          .isPresent();
      URI url = authInUrl ? withUserInfo(f.url(), (FeedAuth.Basic) f.auth().get()) : f.url();
      m.put("url", url.toString());
      if (!f.id().equals(FeedDefinition.idFor(url))) {
        m.put("id", f.id());
      }
      f.name().ifPresent(n -> m.put("name", n));
      if (!f.tags().isEmpty()) {
        m.put("tags", f.tags());
      }
      f.interval().ifPresent(d -> m.put("interval", Durations.format(d)));
      if (!f.zoneAbbreviations().isEmpty()) {
        m.put("zoneAbbreviations", new java.util.TreeMap<>(f.zoneAbbreviations()));
      }
      if (!authInUrl) {
        f.auth().ifPresent(a -> m.put("auth", switch (a) {
          case FeedAuth.Basic b -> Map.of("basic", reference("password", b.password(),
              new LinkedHashMap<>(Map.of("username", b.username()))));
          case FeedAuth.Bearer b -> Map.of("bearer", reference("token", b.token(), new LinkedHashMap<>()));
        }));
      }
      if (!f.headers().isEmpty()) {
        Map<String, Object> headers = new java.util.TreeMap<>();
        f.headers().forEach((name, ref) -> headers.put(name, reference("value", ref, new LinkedHashMap<>())));
        m.put("headers", headers);
      }
      list.add(m);
    }
    try {
      return YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()
          .writeValueAsString(Map.of("feeds", list));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("YAML serialisation of plain maps cannot fail", e);
    }
  }

  private static Map<String, Object> reference(String name, SecretRef ref, Map<String, Object> into) {
    switch (ref) {
      case SecretRef.FromEnv env -> into.put(name + "Env", env.variable());
      case SecretRef.FromFile file -> into.put(name + "File", file.path());
      case SecretRef.Inline inline -> throw new IllegalArgumentException(
          "a " + name + " held in memory cannot be written to a feeds file: give it by " + name + "Env or " + name + "File");
    }
    return into;
  }

  /** {@code url} with the userinfo of {@code basic} (an inline password), percent-encoded where userinfo needs it. */
  private static URI withUserInfo(URI url, FeedAuth.Basic basic) {
    String password = ((SecretRef.Inline) basic.password()).value();
    String userInfo = encodeUserInfo(basic.username(), true) + (password.isEmpty() ? "" : ":" + encodeUserInfo(password, false));
    return URI.create(url.getScheme() + "://" + userInfo + "@" + url.toString().substring(url.getScheme().length() + 3));
  }

  private static String encodeUserInfo(String value, boolean colonToo) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=".indexOf(c) >= 0 || c == ':' && !colonToo);
      out.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : "";
  }

  private static String at(String file, Node node) {
    return file + ":" + (node.getStartMark().getLine() + 1) + ": ";
  }
}
