package io.flowloader.ui;

import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadSummary;
import io.flowloader.pkg.PackageStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the templates show, computed here so the templates only place values. */
final class Views {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Views() {}

  /** A tenant's freshness against its schedule: {@code ok}, {@code late}, {@code failing}, ... */
  record Freshness(String badge, String detail) {}

  /** One cursor of a tenant. */
  record CursorView(String resource, String parentKey, String path, String type, String value) {}

  /** One row of the tenants page. */
  record TenantView(
      String name,
      String tenantId,
      String dataset,
      boolean enabled,
      String schedule,
      String nextRun,
      LoadView lastLoad,
      String lastSuccess,
      Freshness freshness,
      List<String> resources,
      List<CursorView> cursors,
      Chart rowsChart,
      Chart durationChart) {}

  /** One schema change a load reported. */
  record ChangeView(String kind, String table, String column, String detail) {}

  /** A load package as the pages show it. */
  record LoadView(
      String loadId,
      String tenant,
      String dataset,
      String trigger,
      String status,
      boolean running,
      String startedAt,
      String stagedAt,
      String finishedAt,
      String extractDuration,
      String commitDuration,
      String totalDuration,
      double durationSeconds,
      long rows,
      List<LoadJob> jobs,
      List<ChangeView> schemaChanges,
      String error) {

    public String jobStatus(LoadJob job) {
      return lower(job.status());
    }
  }

  static LoadView load(LoadSummary s, Instant now) {
    boolean running = !s.status().isFinal();
    Instant end = s.finishedAt() != null ? s.finishedAt() : running ? now : null;
    return new LoadView(
        s.loadId(),
        s.tenant(),
        s.dataset(),
        lower(s.trigger()),
        lower(s.status()),
        running,
        time(s.startedAt()),
        time(s.stagedAt()),
        time(s.finishedAt()),
        duration(s.startedAt(), s.stagedAt() != null ? s.stagedAt() : running ? now : null),
        duration(s.stagedAt(), s.finishedAt()),
        duration(s.startedAt(), end),
        end == null ? 0 : Duration.between(s.startedAt(), end).toMillis() / 1000.0,
        s.rows(),
        s.jobs(),
        changes(s.schemaChangesJson()),
        s.error());
  }

  static Freshness freshness(
      boolean enabled, Duration interval, LoadSummary last, Instant lastSuccess, Instant now) {
    if (!enabled) {
      return new Freshness("disabled", "not scheduled or loaded while disabled");
    }
    if (last != null
        && (last.status() == PackageStatus.FAILED || last.status() == PackageStatus.ABORTED)) {
      return new Freshness("failing", "the last load " + lower(last.status()));
    }
    if (interval.isZero()) {
      return new Freshness(
          lastSuccess == null ? "never" : "manual", "no schedule: loads run when started");
    }
    if (lastSuccess == null) {
      return new Freshness("never", "no successful load yet");
    }
    Duration age = Duration.between(lastSuccess, now);
    if (age.compareTo(interval.multipliedBy(2)) > 0) {
      return new Freshness(
          "late", "last success " + human(age) + " ago, schedule every " + human(interval));
    }
    return new Freshness(
        "ok", "last success " + human(age) + " ago, schedule every " + human(interval));
  }

  static List<ChangeView> changes(String json) {
    List<ChangeView> changes = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return changes;
    }
    JsonNode tree = JSON.readTree(json);
    if (!tree.isArray()) {
      return changes;
    }
    for (JsonNode c : tree) {
      String kind = c.path("kind").asString("").toLowerCase(Locale.ROOT).replace('_', ' ');
      String detail =
          c.hasNonNull("type")
              ? c.get("type").asString().toLowerCase(Locale.ROOT)
              : c.hasNonNull("parent")
                  ? "child of " + c.get("parent").asString()
                  : c.hasNonNull("disposition")
                      ? c.get("disposition").asString().toLowerCase(Locale.ROOT)
                      : "";
      changes.add(
          new ChangeView(
              kind,
              c.path("table").asString(""),
              c.hasNonNull("column") ? c.get("column").asString() : null,
              detail));
    }
    return changes;
  }

  static List<CursorView> cursors(
      Map<io.flowloader.state.CursorKey, io.flowloader.state.Cursor> m) {
    List<CursorView> out = new ArrayList<>();
    m.forEach(
        (k, c) ->
            out.add(
                new CursorView(
                    k.resource(),
                    k.parentKey(),
                    c.cursorPath(),
                    c.type().name().toLowerCase(Locale.ROOT),
                    c.value())));
    return out;
  }

  static String time(Instant at) {
    return at == null ? null : TIME.format(at) + " UTC";
  }

  static String duration(Instant from, Instant to) {
    if (from == null || to == null) {
      return null;
    }
    Duration d = Duration.between(from, to);
    long ms = d.toMillis();
    return ms < 10_000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000.0) : human(d);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min";
    }
    if (s < 172_800) {
      return (s / 3600) + " h";
    }
    return (s / 86_400) + " d";
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
