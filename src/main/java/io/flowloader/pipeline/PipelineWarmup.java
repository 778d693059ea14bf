package io.flowloader.pipeline;

import io.flowloader.extract.Extractor;
import io.flowloader.normalize.Normalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the first load of the process a head start: while the application context is still
 * starting, a background thread loads and initialises the HTTP client stack (event loops, native
 * transport, DNS resolver), the streaming JSON parser and the normalizer, which the first load
 * would otherwise do on its own clock (about a second of a no-op load's time on a busy 2-core
 * machine, issue 7). Local work only: nothing is sent or written.
 */
final class PipelineWarmup {

  private static final Logger log = LoggerFactory.getLogger(PipelineWarmup.class);

  private PipelineWarmup() {}

  static PipelineWarmup start() {
    Thread thread =
        new Thread(
            () -> {
              long started = System.nanoTime();
              try {
                Extractor.warmUp();
                Normalizer.warmUp();
              } catch (RuntimeException | LinkageError e) {
                log.debug("pipeline warm-up failed; the first load will do it", e);
                return;
              }
              log.debug("pipeline warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
            },
            "flowloader-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    return new PipelineWarmup();
  }
}
