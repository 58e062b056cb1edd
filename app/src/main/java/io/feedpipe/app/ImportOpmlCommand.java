package io.feedpipe.app;

import io.feedpipe.ingest.FeedList;
import io.feedpipe.ingest.FeedsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code feedpipe import-opml FILE}: converts an OPML export into a feeds file on stdout. */
@Command(name = "import-opml", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Convert an OPML file (what every feed reader exports) into a feedpipe feeds file (YAML) on stdout. Entries that cannot be used are reported on stderr with file, line and reason.")
final class ImportOpmlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The OPML file.")
  Path file;

  @Override
  public Integer call() {
    Logging.toStderr();
    if (!Files.isRegularFile(file)) {
      System.err.println("feedpipe: " + file + " does not exist");
      return 1;
    }
    FeedList list = FeedsFile.loadOpml(file);
    list.problems().forEach(p -> System.err.println("feedpipe: " + p));
    System.out.print(FeedsFile.toYaml(list.feeds()));
    return list.feeds().isEmpty() ? 1 : 0;
  }
}
