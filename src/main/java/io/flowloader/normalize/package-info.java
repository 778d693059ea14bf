/**
 * Normalize: records → rows of dlt-compatible tables, with no I/O (docs/dlt-compatibility.md).
 *
 * <p>Per load: {@code new Normalizer(currentSchema, LoadId.next(), settingsPerResource)}, then
 * {@link io.flowloader.normalize.Normalizer#normalize} for every record (rows stream to the sink:
 * root row first, then its child rows depth first), then {@link
 * io.flowloader.normalize.Normalizer#schema()} (the evolved {@link io.flowloader.normalize.Schema},
 * version bumped only when something changed; {@link io.flowloader.normalize.Schema#toJson()} is
 * the {@code _dlt_version.schema} document, {@link io.flowloader.normalize.Schema#fromJson} reads
 * it back for the next load), {@link io.flowloader.normalize.Normalizer#changes()} and {@link
 * io.flowloader.normalize.Normalizer#warnings()}. A {@link
 * io.flowloader.normalize.NormalizeException} rejects the whole load.
 *
 * <p>Inside: {@link io.flowloader.normalize.RowFlattener} walks a record into rows (nesting, names,
 * lineage ids); {@link io.flowloader.normalize.SchemaEvolver} fits each row into its table (types,
 * variant columns, schema contracts, column hints); {@link
 * io.flowloader.normalize.NamingConvention} is the only source of identifiers; {@link
 * io.flowloader.normalize.DltIds} holds dlt's row-key formulas and {@link
 * io.flowloader.normalize.DltColumns} dlt's column names, which the load stage uses too; {@link
 * io.flowloader.normalize.PostgresTypes} renders column types as dlt does.
 */
package io.flowloader.normalize;
