package io.flowloader.command;

import io.flowloader.extract.ExtractOptions;
import io.flowloader.extract.ExtractRequest;
import io.flowloader.extract.Extractor;
import io.flowloader.extract.ResourceCursor;
import io.flowloader.load.Loader;
import io.flowloader.normalize.Column;
import io.flowloader.normalize.LoadId;
import io.flowloader.normalize.NormalizeException;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.source.SourceDefinition;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.Tenant;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code dry-run}: extracts and normalizes each tenant's next load from its committed cursors, as
 * the service would, and reports the tables and columns the load would create or add, and the rows
 * per table. Nothing is staged or committed and no state moves; the API is read as for a load.
 */
final class DryRunCommand {

  private final SourceDefinition source;
  private final Extractor extractor;
  private final Loader loader;
  private final StateStore state;
  private final ExtractOptions options;

  DryRunCommand(
      SourceDefinition source,
      Extractor extractor,
      Loader loader,
      StateStore state,
      ExtractOptions options) {
    this.source = source;
    this.extractor = extractor;
    this.loader = loader;
    this.state = state;
    this.options = options;
  }

  int run(List<Tenant> tenants, String schemaName, PrintStream out) {
    boolean ok = !tenants.isEmpty();
    for (Tenant tenant : tenants) {
      ok &= run(tenant, schemaName, out);
    }
    out.println(ok ? "dry-run: nothing was committed" : "dry-run: FAILED (nothing was committed)");
    return ok ? 0 : 1;
  }

  private boolean run(Tenant tenant, String schemaName, PrintStream out) {
    Schema current =
        loader.currentSchema(tenant.dataset(), schemaName).orElse(Schema.empty(schemaName));
    Normalizer normalizer =
        new Normalizer(current, LoadId.next(), LoadPipeline.normalizerSettings(source));
    Map<String, Long> rows = new TreeMap<>();
    List<String> resources =
        tenant.resources().isEmpty() ? source.selectedByDefault() : tenant.resources();
    ExtractRequest request =
        new ExtractRequest(
            tenant.name(),
            tenant.tenantId(),
            tenant.apiKey(),
            tenant.baseUrl(),
            Set.copyOf(resources),
            cursors(tenant),
            options);
    try {
      extractor.extract(
          request,
          new io.flowloader.extract.RecordSink() {
            @Override
            public void record(String resource, JsonNode record) {
              normalizer.normalize(resource, record, row -> rows.merge(row.table(), 1L, Long::sum));
            }

            @Override
            public void resourceCompleted(String resource, long records, ResourceCursor cursor) {}
          });
    } catch (NormalizeException | io.flowloader.extract.ExtractException e) {
      out.println("tenant " + tenant.name() + ": " + e.getMessage());
      return false;
    }
    Schema after = normalizer.schema();
    out.println(
        "tenant "
            + tenant.name()
            + " → dataset "
            + tenant.dataset()
            + (current.tables().isEmpty() ? " (new)" : "")
            + ": "
            + rows.values().stream().mapToLong(Long::longValue).sum()
            + " rows in "
            + rows.size()
            + " tables");
    TextTable table = new TextTable("table", "change", "rows", "columns");
    for (TableSchema t : after.tables().values()) {
      TableSchema before = current.tables().get(t.name());
      String change;
      List<Column> shown;
      if (before == null) {
        change = "new table";
        shown = t.columns();
      } else {
        shown = t.columns().subList(before.columns().size(), t.columns().size());
        change = shown.isEmpty() ? "-" : "new columns";
      }
      table.row(t.name(), change, rows.getOrDefault(t.name(), 0L), describe(shown));
    }
    table.print(out);
    normalizer
        .warnings()
        .forEach(
            w ->
                out.println(
                    "  warning: "
                        + w.kind()
                        + " in "
                        + w.table()
                        + (w.column() == null ? "" : "." + w.column())
                        + " ×"
                        + w.count()));
    return true;
  }

  private static String describe(List<Column> columns) {
    StringBuilder sb = new StringBuilder();
    for (Column c : columns) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(c.name()).append(' ').append(c.formatType());
    }
    return sb.toString();
  }

  private Map<String, ResourceCursor> cursors(Tenant tenant) {
    return LoadPipeline.toExtract(state.load(tenant.name()));
  }
}
