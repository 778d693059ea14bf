package io.flowloader.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the deployment artifacts, relative to the project root (Maven's working directory). */
final class Repo {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path CHART = ROOT.resolve("helm/boomi-flow-loader");
  static final Path DASHBOARD = CHART.resolve("files/dashboards/boomi-flow-loader.json");
  static final Path ALERT_RULES = CHART.resolve("files/prometheus-rules.yaml");
  static final Path COMPOSE_RULES = ROOT.resolve("deploy/compose/prometheus-rules-compose.yaml");
  static final Path METRICS_CONTRACT = ROOT.resolve("deploy/metrics.md");

  private Repo() {}

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
