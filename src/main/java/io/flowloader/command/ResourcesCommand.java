package io.flowloader.command;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import io.flowloader.tenant.Tenant;
import java.io.PrintStream;
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
          r.writeDisposition() == null ? "append" : r.writeDisposition(),
          String.join(", ", r.primaryKey()),
          incremental(r.endpoint().incremental()),
          r.selected() ? "yes" : "no",
          String.join(", ", loadedBy));
    }
    table.print(out);
    return 0;
  }

  private static String incremental(IncrementalConfig inc) {
    if (inc == null) {
      return "-";
    }
    if (inc.cursorPath() != null) {
      return inc.cursorPath().expression()
          + (inc.lag() == null ? "" : " (lag " + inc.lag() + ")")
          + (inc.step() == null ? "" : " in " + inc.step() + " windows");
    }
    return inc.parentVersionPath() == null
        ? "-"
        : "when parent's " + inc.parentVersionPath().expression() + " changes";
  }
}
