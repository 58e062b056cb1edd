package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

/**
 * How a private feed authenticates: HTTP Basic or a bearer token, sent to the feed's own origin
 * (scheme, host and port of its configured URL) only — never across a redirect to another origin.
 */
public sealed interface FeedAuth {

  /**
   * {@code Authorization: Basic}, from {@code auth: {basic: {username, passwordEnv|passwordFile}}}
   * or from the userinfo of the feed's URL.
   *
   * @param username the user name (may be empty, as in {@code https://:pw@host/})
   * @param password where the password is read from
   */
  record Basic(String username, SecretRef password) implements FeedAuth {
    public Basic {
      requireNonNull(username, "username");
      requireNonNull(password, "password");
      if (username.indexOf(':') >= 0 || username.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("a Basic auth user name must not hold ':' or control characters");
      }
    }

    /** Hides the user name too when it came from the URL's userinfo, where it may be the token itself. */
    @Override
    public String toString() {
      return "Basic[username=" + (password instanceof SecretRef.Inline ? Redaction.REDACTED : username)
          + ", password=" + password + "]";
    }
  }

  /**
   * {@code Authorization: Bearer <token>}, from {@code auth: {bearer: {tokenEnv|tokenFile}}}.
   *
   * @param token where the token is read from
   */
  record Bearer(SecretRef token) implements FeedAuth {
    public Bearer {
      requireNonNull(token, "token");
    }
  }
}
