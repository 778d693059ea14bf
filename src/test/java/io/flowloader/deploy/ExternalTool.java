package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a deployment test needs (promtool, docker-compose, yamllint). Locally a
 * missing tool skips the test with a message saying how to install it; under {@code CI=true} it
 * fails, so CI can never pass by skipping.
 */
record ExternalTool(String name, Path path) {

  static ExternalTool require(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return new ExternalTool(name, candidate);
      }
    }
    String message =
        name
            + " is not on the PATH: install it with `apt-get install "
            + debianPackage
            + "` (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + "; CI=true, so this fails instead of skipping");
    }
    Assumptions.abort(message + "; skipping because CI is not true");
    throw new AssertionError("unreachable");
  }

  Result run(Path workingDir, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(path.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(name + " did not finish within 2 minutes: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** Exit code and combined stdout/stderr of one run. */
  record Result(int exitCode, String output) {}
}
