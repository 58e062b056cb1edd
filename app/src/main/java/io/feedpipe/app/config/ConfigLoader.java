package io.feedpipe.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.feedpipe.app.config.ResolvedSettings.RawValue;
import io.feedpipe.config.Setting;
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
 * ({@code kafka.bootstrapServers: …}); lists may be YAML sequences. An unknown key, a bad value
 * or a missing file is an error that names the key (or file) and the reason.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * @param configFile the YAML file, when one was given
   * @param env the process environment
   * @param flags settings given on the command line, by key
   */
  public static ResolvedSettings load(Optional<Path> configFile, Map<String, String> env, Map<String, String> flags) {
    Map<String, RawValue> raw = new LinkedHashMap<>();
    Map<String, Map<String, String>> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    configFile.ifPresent(file -> readFile(file, raw, entries, problems));
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
        raw.put(s.key(), new RawValue(fromEnv, "environment variable " + envName));
      }
    }
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      if (Catalogue.byKey(flag.getKey()).filter(s -> !s.configFileOnly()).isEmpty()) {
        throw new IllegalArgumentException("no setting " + flag.getKey());
      }
      raw.put(flag.getKey(), new RawValue(flag.getValue(), "command line"));
    }
    try {
      ResolvedSettings resolved = ResolvedSettings.resolve(raw, entries);
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return resolved;
    } catch (ConfigException e) {
      // every problem in one pass: the file's and the values'
      problems.addAll(e.problems());
      throw new ConfigException(problems);
    }
  }

  private static void readFile(
      Path file, Map<String, RawValue> raw, Map<String, Map<String, String>> entries, List<String> problems) {
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
    flatten("", root, file, raw, entries, problems);
  }

  private static void flatten(String prefix, JsonNode node, Path file, Map<String, RawValue> raw,
      Map<String, Map<String, String>> entries, List<String> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode value = e.getValue();
      Optional<Setting<?>> entryOf = Catalogue.prefixOf(key);
      if (entryOf.isPresent() && value.isValueNode()) {
        String prefixKey = entryOf.get().key();
        entries.computeIfAbsent(prefixKey, k -> new LinkedHashMap<>())
            .put(key.substring(prefixKey.length() - 1), value.asText());
        continue;
      }
      if (value.isObject() && Catalogue.byKey(key).isEmpty()) {
        flatten(key, value, file, raw, entries, problems);
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
      raw.put(key, new RawValue(text, "config file " + file));
    }
  }

  private static String lineOf(JsonLocation location) {
    return Integer.toString(location.getLineNr());
  }
}
