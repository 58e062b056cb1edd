package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.app.config.ConfigLoader;
import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.model.FeedDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedSourcesTest {
  @TempDir Path dir;

  @Test
  void withoutFeedsTheBundledSampleIsWrittenUnderTheDataDirAndPolled() throws IOException {
    List<FeedDefinition> feeds = FeedSources.resolve(settings(), List.of(), new ArrayList<>());

    assertThat(feeds).singleElement().satisfies(feed -> {
      assertThat(feed.name()).contains(FeedSources.SAMPLE_NAME);
      assertThat(feed.id()).isEqualTo(FeedDefinition.of(feed.url()).id());
      assertThat(feed.url()).isEqualTo(dir.resolve("sample/sample-feed.xml").toUri());
    });
    assertThat(Files.readString(dir.resolve("sample/sample-feed.xml"))).contains("<rss", "SCO Summit 2022");
  }

  @Test
  void urlsAndLocalFilesBecomeFeedsAndDuplicatesCollapse() throws IOException {
    Path local = Files.writeString(dir.resolve("feed.xml"), "<rss/>");
    List<FeedDefinition> feeds = FeedSources.resolve(settings(),
        List.of("https://example.com/rss", local.toString(), "https://example.com/rss"), new ArrayList<>());

    assertThat(feeds).extracting(FeedDefinition::url)
        .containsExactly(URI.create("https://example.com/rss"), local.toAbsolutePath().toUri());
  }

  @Test
  void anArgumentThatIsNeitherUrlNorFileIsRefusedByName() {
    assertThatThrownBy(() -> FeedSources.resolve(settings(), List.of("no-such-feed.xml"), new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Feed no-such-feed.xml is neither an http(s) URL nor a readable file");
  }

  @Test
  void aFeedsFileArgumentExpandsToItsFeedsAndReportsBadEntries() throws IOException {
    Path file = Files.writeString(dir.resolve("feeds.yaml"), """
        feeds:
          - url: https://example.com/a.xml
            name: A
          - url: ftp://example.com/b.xml
        """);
    List<String> problems = new ArrayList<>();
    List<FeedDefinition> feeds = FeedSources.resolve(settings(), List.of(file.toString()), problems);

    assertThat(feeds).extracting(FeedDefinition::url).containsExactly(URI.create("https://example.com/a.xml"));
    assertThat(problems).singleElement().asString().startsWith(file + ":4");
  }

  private ResolvedSettings settings() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of("dataDir", dir.toString()));
  }
}
