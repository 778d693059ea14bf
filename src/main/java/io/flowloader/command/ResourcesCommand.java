package io.flowloader.command;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import io.flowloader.tenant.Tenant;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** {@code resources}: the source's resources and which of them the tenants load. */
final class ResourcesCommand {

  private ResourcesCommand() {}

  static int run(SourceDefinition source, List<Tenant> tenants, PrintStream out) {
    TextTable table =
        new TextTable(
            "resource",
            "endpoint",
            "disposition",
            "primary key",
            "incremental",
            "selected",
            "tenants");
    for (ResourceDefinition r : source.resources()) {
      List<String> loadedBy =
          tenants.stream()
              .filter(
                  t -> t.resources().isEmpty() ? r.selected() : t.resources().contains(r.name()))
              .map(Tenant::name)
              .toList();
      table.row(
          r.name(),
          r.endpoint().path(),
          r.writeDisposition().dltName(),
          String.join(", ", r.primaryKey()),
          incremental(r.endpoint().incremental()),
          r.selected() ? "yes" : "no",
          String.join(", ", loadedBy));
    }
    table.print(out);
    return 0;
  }

  /** 90 days, 1 h, 10 min, 30 s. */
  static String human(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toSeconds() % 3_600 == 0) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }

  private static String incremental(IncrementalConfig inc) {
    if (inc == null) {
      return "-";
    }
    if (inc.cursorPath() != null) {
      return inc.cursorPath().expression()
          + (inc.lag() == null || inc.lag().isZero() ? "" : ", re-read " + human(inc.lag()))
          + (inc.step() == null ? "" : ", " + human(inc.step()) + " windows");
    }
    return inc.parentVersionPath() == null
        ? "-"
        : "when parent's " + inc.parentVersionPath().expression() + " changes";
  }
}
