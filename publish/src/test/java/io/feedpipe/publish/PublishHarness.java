package io.feedpipe.publish;

import io.feedpipe.model.PollResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Plays the service in a child JVM for the crash tests: a deterministic synthetic feed generator
 * and a {@link StoryPublisher} loop, resuming from the committed feed states at every start.
 *
 * <p>Args: {@code bootstrapServers prefix transactionalId feeds itemsPerFeed step window pause},
 * where {@code pause} is {@code none}, {@code sent:<n>} (stop between the sends and the commit of
 * the n-th transaction) or {@code committed:<n>} (stop right after the n-th commit). Stopping
 * prints {@code HARNESS PAUSED} and waits to be killed. Stdout carries only {@code HARNESS …}
 * lines: {@code READY}, {@code SENT n}, {@code COMMITTED n}, {@code PAUSED}, {@code DONE}.
 */
public final class PublishHarness {
  private PublishHarness() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    PublishSettings settings = PublishSettings.from(TestSettings.values(bootstrap, args[1], 2, Duration.ofSeconds(5))
        .with(PublishSettings.TRANSACTIONAL_ID, args[2]));
    SyntheticFeeds feeds = new SyntheticFeeds(
        Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
    String pause = args[7];
    PrintStream out = System.out;
    TransactionHook hook = new TransactionHook() {
      int transactions;

      @Override
      public void afterSends(java.util.List<String> feedIds) {
        transactions++;
        say(out, "SENT " + transactions);
        maybePause("sent:" + transactions);
      }

      @Override
      public void afterCommit(java.util.List<String> feedIds) {
        say(out, "COMMITTED " + transactions);
        maybePause("committed:" + transactions);
      }

      private void maybePause(String point) {
        if (point.equals(pause)) {
          if (point.startsWith("sent:")) {
            // give the producer's sender thread (linger.ms=5) time to put the records in the log,
            // so the kill leaves a transaction open with data in it, not just in our memory
            sleepQuietly(Duration.ofMillis(300));
          }
          say(out, "PAUSED");
          try {
            Thread.sleep(Duration.ofMinutes(10));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    try (StoryPublisher publisher = StoryPublisher.start(settings, hook)) {
      int[] next = new int[feeds.feeds()];
      for (int f = 0; f < feeds.feeds(); f++) {
        next[f] = SyntheticFeeds.committedRound(publisher.state(SyntheticFeeds.feedId(f))) + 1;
      }
      say(out, "READY");
      boolean work = true;
      while (work) {
        work = false;
        for (int f = 0; f < feeds.feeds(); f++) {
          if (next[f] >= feeds.rounds()) {
            continue;
          }
          work = true;
          PollResult poll = feeds.poll(f, next[f]);
          while (true) {
            try {
              publisher.publish(poll);
              break;
            } catch (BrokerUnavailableException e) {
              Thread.sleep(200);
            }
          }
          next[f]++;
        }
      }
      say(out, "DONE");
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void say(PrintStream out, String line) {
    out.println("HARNESS " + line);
    out.flush();
  }
}
