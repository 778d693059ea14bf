package io.flowloader.normalize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * dlt's relational normalizer for one load (docs/dlt-compatibility.md): turns records into rows of
 * a root table and its child tables, names and types columns, and evolves the schema.
 *
 * <p>Create one per load with the dataset's current {@link Schema}; feed every record with {@link
 * #normalize}; rows stream to the sink as they are made, so memory does not grow with the load.
 * Afterwards {@link #schema()} is the evolved schema (version bumped only when tables or columns
 * were added), {@link #changes()} what changed, {@link #warnings()} what was repaired or dropped.
 *
 * <p>The work is split in two: {@link RowFlattener} walks a record into rows (nesting, names,
 * lineage ids), {@link SchemaEvolver} fits each row into its table (types, variants, contracts).
 *
 * <p>Each {@link NormalizedRow}'s values follow the table's columns as they stood when the row was
 * made; columns are only ever appended, so a row is a prefix of the final column list.
 *
 * <p>A {@link NormalizeException} means the load must be rejected; the normalizer must not be used
 * afterwards. Not thread-safe: one load, one thread.
 */
public final class Normalizer {

  private final String loadId;
  private final Map<String, ResourceSettings> settings;
  private final Map<String, ResourceState> resources = new HashMap<>();
  private final Warnings warnings = new Warnings();
  private final NormalizeErrors errors = new NormalizeErrors();
  private final SchemaEvolver evolver;
  private final RowFlattener flattener;

  /**
   * @param current the dataset's schema before this load ({@link Schema#empty} for a new dataset)
   * @param loadId this load's id ({@link LoadId#next()}), written to {@code _dlt_load_id}
   * @param settings per resource name; resources not in the map get {@link
   *     ResourceSettings#defaults()}
   */
  public Normalizer(Schema current, String loadId, Map<String, ResourceSettings> settings) {
    this.loadId = Objects.requireNonNull(loadId, "loadId");
    this.settings = Map.copyOf(settings);
    this.evolver =
        new SchemaEvolver(Objects.requireNonNull(current, "current schema"), warnings, errors);
    this.flattener = new RowFlattener(loadId, evolver, warnings, errors);
  }

  /**
   * Normalizes one record of {@code resource} and hands its rows to {@code sink}: the root row
   * first, then child rows depth first. A record that is not an object is stored as {@code
   * {"value": record}}, as dlt does.
   *
   * @throws NormalizeException when the schema contract forbids the record, or a value fits neither
   *     its column nor its variant column
   */
  public void normalize(String resource, JsonNode record, Consumer<NormalizedRow> sink) {
    ResourceState rs = resource(resource);
    rs.records++;
    JsonNode object = record;
    if (!record.isObject()) {
      ObjectNode wrap = JsonNodeFactory.instance.objectNode();
      wrap.set(DltColumns.VALUE, record);
      object = wrap;
    }
    errors.at(rs, object);
    flattener.flatten(rs, object, sink);
  }

  /**
   * From now on, child rows get an unresolved {@link RowId} instead of a String as {@code _dlt_id}
   * (and their children as {@code _dlt_parent_id}): its hash is computed when first converted to a
   * String, by the consumer of the rows (the staging sender thread), not by the normalizing thread.
   * Same values. Only for consumers that take TEXT values by {@code toString()} (the staging writer
   * does).
   */
  public void deferChildIds(boolean defer) {
    flattener.deferChildIds(defer);
  }

  /** The schema after the records seen so far; the same instance as given when nothing changed. */
  public Schema schema() {
    return evolver.schema();
  }

  /** True when this load adds tables or columns (and so writes a {@code _dlt_version} row). */
  public boolean schemaChanged() {
    return !evolver.changes().isEmpty();
  }

  /** New tables and columns of this load, in the order they were created. */
  public List<SchemaChange> changes() {
    return List.copyOf(evolver.changes());
  }

  /** What was repaired, merged or dropped in this load, counted per kind, table and column. */
  public List<NormalizeWarning> warnings() {
    return warnings.list();
  }

  /** Rows produced per table in this load, in first-row order. */
  public Map<String, Long> rowCounts() {
    return evolver.rowCounts();
  }

  /** The load id given at construction. */
  public String loadId() {
    return loadId;
  }

  private ResourceState resource(String resource) {
    ResourceState rs = resources.get(resource);
    if (rs == null) {
      rs =
          new ResourceState(resource, settings.getOrDefault(resource, ResourceSettings.defaults()));
      resources.put(resource, rs);
      evolver.applyDisposition(rs);
    }
    return rs;
  }
}
