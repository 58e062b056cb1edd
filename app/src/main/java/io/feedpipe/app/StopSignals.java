package io.feedpipe.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) as requests to stop: the first runs the stop action on a thread of
 * its own, and the command then returns and the process exits with the command's code (0 after a
 * clean stop, where the JVM's default handling would exit 143 or 130); a second signal while the
 * stop is still running ends the process at once (exit 130). Where the JVM does not let a handler
 * be installed (for example with {@code -Xrs}), a shutdown hook runs the stop action instead.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private StopSignals() {}

  /**
   * Installs the handlers.
   *
   * @return what restores the previous handling (call it once the command is done)
   */
  static Runnable install(Runnable stop) {
    AtomicBoolean stopping = new AtomicBoolean();
    List<Runnable> undo = new ArrayList<>();
    SignalHandler handler = signal -> {
      if (stopping.compareAndSet(false, true)) {
        Thread.ofPlatform().name("feedpipe-stop").start(stop);
      } else {
        Runtime.getRuntime().halt(130);
      }
    };
    try {
      for (String name : SIGNALS) {
        Signal signal = new Signal(name);
        SignalHandler previous = Signal.handle(signal, handler);
        undo.add(() -> Signal.handle(signal, previous));
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.debug("Cannot handle stop signals ({}); a shutdown hook stops the service instead", e.toString());
      undo.forEach(Runnable::run);
      undo.clear();
      Thread hook = new Thread(stop, "feedpipe-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      undo.add(() -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it stops the service
        }
      });
    }
    return () -> undo.forEach(Runnable::run);
  }
}
