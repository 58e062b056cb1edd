package io.feedpipe.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code feedpipe} as its own process — what {@code ./feedpipe ARGS} runs, on the test classpath —
 * with its stdout and stderr in files, so a test sees exactly what a user's console would show,
 * can send it SIGTERM and read its exit code.
 */
final class FeedpipeProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private FeedpipeProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code feedpipe args} with {@code env} added to this JVM's environment; its output goes under {@code dir}. */
  static FeedpipeProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    Files.createDirectories(dir);
    String name = args.length == 0 ? "feedpipe" : args[0];
    Path out = Files.createTempFile(dir, name + "-", ".out");
    Path err = Files.createTempFile(dir, name + "-", ".err");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new FeedpipeProcess(pb.start(), out, err);
  }

  /** Waits for the process to end (at most {@code within}, a guard against a hang) and returns its exit code. */
  int exitCode(Duration within) throws InterruptedException, IOException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("feedpipe did not end within " + within + "; stderr: " + err());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM, as `kill` or Ctrl-C would. */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
