package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.SecretRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #20: a feeds file gives a private feed's credentials by reference, and never shows a secret in a problem. */
class PrivateFeedsFileTest {
  @TempDir Path dir;

  @Test
  void readsBasicBearerAndHeaderReferences() throws Exception {
    Path file = dir.resolve("feeds.yaml");
    Files.writeString(file, """
        feeds:
          - url: https://wire.example/private.xml
            auth:
              basic: {username: alice, passwordEnv: WIRE_PASSWORD}
          - url: https://letters.example/feed.xml
            auth:
              bearer: {tokenFile: secrets/letters-token}
            headers:
              X-Api-Key: {valueFile: /run/secrets/letters-key}
              X-Tenant: {valueEnv: TENANT}
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.problems()).isEmpty();
    assertThat(list.feeds().get(0).auth()).contains(new FeedAuth.Basic("alice", new SecretRef.FromEnv("WIRE_PASSWORD")));
    FeedDefinition letters = list.feeds().get(1);
    assertThat(letters.auth()).contains(new FeedAuth.Bearer(new SecretRef.FromFile(dir.resolve("secrets/letters-token").toString())));
    assertThat(letters.headers()).isEqualTo(Map.of("X-Api-Key", new SecretRef.FromFile("/run/secrets/letters-key"),
        "X-Tenant", new SecretRef.FromEnv("TENANT")));
    assertThat(list.feeds()).noneMatch(FeedDefinition::carriesSecretValues);
  }

  @Test
  void userinfoInAFeedsFileUrlBecomesBasicAuthAndTheIdIsThatOfTheUrlAsWritten() throws Exception {
    Path file = dir.resolve("feeds.yaml");
    String written = "https://alice:s3cret@wire.example/private.xml?token=abc123";
    Files.writeString(file, "feeds:\n  - url: " + written + "\n  - " + written.replace("private", "other") + "\n");

    FeedList list = FeedsFile.load(file);

    assertThat(list.feeds()).allSatisfy(f -> {
      assertThat(f.url().getRawUserInfo()).isNull();
      assertThat(f.auth()).contains(new FeedAuth.Basic("alice", new SecretRef.Inline("s3cret")));
    });
    assertThat(list.feeds().get(0).id()).isEqualTo(FeedDefinition.idFor(URI.create(written)));
    // written back, the password goes into the URL again, so the file reads back to the same feeds
    Path again = Files.writeString(dir.resolve("again.yaml"), FeedsFile.toYaml(list.feeds()));
    assertThat(FeedsFile.load(again).feeds()).isEqualTo(list.feeds());
  }

  @Test
  void referencesAreWrittenBackAsReferences() throws Exception {
    Path file = Files.writeString(dir.resolve("feeds.yaml"), """
        feeds:
          - url: https://letters.example/feed.xml
            auth: {bearer: {tokenEnv: LETTERS_TOKEN}}
            headers: {X-Api-Key: {valueFile: /run/secrets/key}}
        """);
    FeedList list = FeedsFile.load(file);

    String yaml = FeedsFile.toYaml(list.feeds());

    assertThat(yaml).contains("tokenEnv: LETTERS_TOKEN", "valueFile: /run/secrets/key");
    assertThat(FeedsFile.load(Files.writeString(dir.resolve("again.yaml"), yaml)).feeds()).isEqualTo(list.feeds());
  }

  @Test
  void aSecretWrittenInTheFileOrABadReferenceSkipsTheEntryWithAProblemThatDoesNotRepeatIt() throws Exception {
    Path file = dir.resolve("feeds.yaml");
    Files.writeString(file, """
        feeds:
          - url: https://a.example/feed.xml
            auth: {basic: {username: alice, password: hunter2-Zq9}}
          - url: https://b.example/feed.xml
            auth: {bearer: {tokenEnv: B_TOKEN, tokenFile: /run/b}}
          - url: https://c.example/feed.xml
            auth: {bearer: {}}
          - url: https://d.example/feed.xml
            headers: {X-Api-Key: plain-key-Zq9}
          - url: https://alice:pw-Zq9@e.example/feed.xml
            auth: {bearer: {tokenEnv: E_TOKEN}}
          - url: https://f.example/feed.xml
            auth: {digest: {username: x}}
          - url: https://g.example/feed.xml
            auth: {bearer: {tokenEnv: not-a-variable}}
          - url: https://h.example/feed.xml
            headers: {Host: {valueEnv: H}}
          - url: ftp://bob:ftp-Zq9@i.example/x?token=tok-Zq9
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.feeds()).isEmpty();
    assertThat(list.problems()).hasSize(9);
    assertThat(list.problems()).allSatisfy(p -> assertThat(p).doesNotContain("Zq9"));
    assertThat(list.problems().get(0)).startsWith(file + ":3: ")
        .contains("auth.basic.password: a secret is never written in the feeds file", "passwordEnv", "passwordFile");
    assertThat(list.problems().get(1)).contains("auth.bearer needs exactly one of tokenEnv");
    assertThat(list.problems().get(2)).contains("auth.bearer needs exactly one of tokenEnv");
    assertThat(list.problems().get(3)).contains("headers.X-Api-Key must be {valueEnv: VARIABLE} or {valueFile: PATH}");
    assertThat(list.problems().get(4)).contains("userinfo and auth");
    assertThat(list.problems().get(5)).contains("unknown key 'digest' in auth");
    assertThat(list.problems().get(6)).contains("auth.bearer.tokenEnv", "not an environment variable name");
    assertThat(list.problems().get(7)).contains("header Host cannot be set");
    assertThat(list.problems().get(8)).contains("ftp://i.example/x?token=REDACTED");
  }

  @Test
  void aYamlErrorIsReportedWithoutTheSnippetOfTheFileItHappenedIn() throws Exception {
    Path file = Files.writeString(dir.resolve("feeds.yaml"), """
        feeds:
          - url: https://a.example/feed.xml?key=snippet-Zq9
            name: [unclosed
        """);

    FeedList list = FeedsFile.load(file);

    assertThat(list.problems()).singleElement().satisfies(p -> assertThat(p)
        .startsWith(file + ":").contains("not valid YAML").doesNotContain("snippet-Zq9"));
  }
}
