package io.feedpipe.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.feedpipe.app.config.ResolvedSettings.RawValue;
import io.feedpipe.config.Setting;
import io.feedpipe.config.ValueReferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the settings: defaults, then the YAML config file, then environment variables, then flags.
 *
 * <p>The config file may nest keys ({@code kafka: {bootstrapServers: …}}) or write them dotted
 * ({@code kafka.bootstrapServers: …}); lists may be YAML sequences; a value may hold {@code
 * ${env:NAME}} and {@code ${file:PATH}} references ({@link ValueReferences}), so secrets stay out of
 * the file. An unknown key, a bad value or a missing file is an error that names the key (or file)
 * and the reason — a bad value too that another source overrides, since the file is wrong all the
 * same.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * @param configFile the YAML file, when one was given
   * @param env the process environment
   * @param flags settings given on the command line, by key
   */
  public static ResolvedSettings load(Optional<Path> configFile, Map<String, String> env, Map<String, String> flags) {
    Map<String, List<RawValue>> raw = new LinkedHashMap<>();
    Map<String, Map<String, RawValue>> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    configFile.ifPresent(file -> new FileReader(file, env, raw, entries, problems).read());
    for (Setting<?> s : Catalogue.CATALOGUE) {
      if (s.configFileOnly()) {
        continue;
      }
      String fromEnv = env.get(s.envVar());
      String envName = s.envVar();
      if (fromEnv == null && s.aliasEnv().isPresent()) {
        fromEnv = env.get(s.aliasEnv().get());
        envName = s.aliasEnv().get();
      }
      if (fromEnv != null && !fromEnv.isEmpty()) {
        raw.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(RawValue.of(fromEnv, "environment variable " + envName));
      }
    }
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      if (Catalogue.byKey(flag.getKey()).filter(s -> !s.configFileOnly()).isEmpty()) {
        throw new IllegalArgumentException("no setting " + flag.getKey());
      }
      raw.computeIfAbsent(flag.getKey(), k -> new ArrayList<>()).add(RawValue.of(flag.getValue(), "command line"));
    }
    try {
      ResolvedSettings resolved = ResolvedSettings.resolve(raw, entries);
      if (problems.isEmpty()) {
        return resolved;
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems()); // every problem in one pass: the file's and the values'
    }
    throw new ConfigException(problems);
  }

  /** Reads one config file into raw values and entries, noting its problems. */
  private record FileReader(Path file, Map<String, String> env, Map<String, List<RawValue>> raw,
      Map<String, Map<String, RawValue>> entries, List<String> problems) {

    void read() {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      JsonNode root;
      try (JsonParser parser = yaml.createParser(Files.readAllBytes(file))) {
        root = yaml.readTree(parser);
      } catch (NoSuchFileException e) {
        problems.add("Config file " + file + " does not exist");
        return;
      } catch (IOException e) {
        String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
            ? ":" + lineOf(jpe.getLocation()) : "";
        problems.add("Config file " + file + where + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        return;
      }
      if (root == null || root.isNull() || root.isMissingNode()) {
        return;
      }
      if (!root.isObject()) {
        problems.add("Config file " + file + " must be a YAML mapping of settings");
        return;
      }
      flatten("", root);
    }

    private void flatten(String prefix, JsonNode node) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        JsonNode value = e.getValue();
        Optional<Setting<?>> entryOf = Catalogue.prefixOf(key);
        if (entryOf.isPresent() && value.isValueNode()) {
          String prefixKey = entryOf.get().key();
          value(key, value.asText()).ifPresent(v -> entries.computeIfAbsent(prefixKey, k -> new LinkedHashMap<>())
              .put(key.substring(prefixKey.length() - 1), v));
          continue;
        }
        if (value.isObject() && Catalogue.byKey(key).isEmpty()) {
          flatten(key, value);
          continue;
        }
        if (Catalogue.byKey(key).filter(s -> !s.configFileOnly()).isEmpty()) {
          problems.add("Unknown setting " + key + " in " + file + " (known keys: see `feedpipe config --markdown`)");
          continue;
        }
        String text;
        if (value.isArray()) {
          List<String> items = new ArrayList<>();
          value.forEach(v -> items.add(v.asText()));
          text = items.stream().collect(Collectors.joining(","));
        } else if (value.isNull()) {
          continue;
        } else if (value.isValueNode()) {
          text = value.asText();
        } else {
          problems.add("Invalid value for " + key + " in " + file + ": must be a scalar or a list");
          continue;
        }
        value(key, text).ifPresent(v -> raw.computeIfAbsent(key, k -> new ArrayList<>()).add(v));
      }
    }

    /** The value as written, with its {@code ${env:…}} / {@code ${file:…}} references resolved. */
    private Optional<RawValue> value(String key, String written) {
      try {
        return Optional.of(new RawValue(ValueReferences.resolve(written, env), "config file " + file, written));
      } catch (IllegalArgumentException e) {
        problems.add("Invalid value for " + key + " in " + file + ": " + e.getMessage());
        return Optional.empty();
      }
    }
  }

  private static String lineOf(JsonLocation location) {
    return Integer.toString(location.getLineNr());
  }
}
