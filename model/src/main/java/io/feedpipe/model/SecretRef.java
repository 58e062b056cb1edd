package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

/**
 * Where a feed's credential is read from when the feed is fetched: the name of an environment
 * variable or the path of a file. A feed definition holds this reference, never the secret, so a
 * definition can be written, logged or shown as it is; the secret is read at each fetch (a rotated
 * file is picked up) and goes nowhere but into the request.
 *
 * <p>The one exception is {@link Inline}: a password the operator wrote into a feed URL's userinfo
 * ({@code https://alice:s3cret@host/feed.xml}). It exists in memory only: whatever writes
 * definitions somewhere (a topic, a file meant for others) refuses it, or asks for {@code
 * passwordEnv}/{@code passwordFile} instead.
 */
public sealed interface SecretRef {

  /** What the reference names, for messages: {@code env FEED_TOKEN}, {@code file /run/secrets/t}; never a secret. */
  String describe();

  /**
   * The secret is the value of an environment variable of feedpipe's process.
   *
   * @param variable the variable's name
   */
  record FromEnv(String variable) implements SecretRef {
    public FromEnv {
      requireNonNull(variable, "variable");
      if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("'" + variable + "' is not an environment variable name (letters, digits, _)");
      }
    }

    @Override
    public String describe() {
      return "environment variable " + variable;
    }
  }

  /**
   * The secret is the content of a file, less a trailing line break (as secret mounts write it).
   *
   * @param path the file's path, absolute or relative to feedpipe's working directory
   */
  record FromFile(String path) implements SecretRef {
    public FromFile {
      requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new IllegalArgumentException("a secret file path must not be blank");
      }
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /**
   * A secret written into the feed's URL (its userinfo) — held in memory only, never written out;
   * {@link #toString()} does not show it.
   *
   * @param value the secret itself
   */
  record Inline(String value) implements SecretRef {
    public Inline {
      requireNonNull(value, "value");
    }

    @Override
    public String describe() {
      return "the userinfo of the feed's URL";
    }

    @Override
    public String toString() {
      return "Inline[value=" + Redaction.REDACTED + "]";
    }
  }
}
