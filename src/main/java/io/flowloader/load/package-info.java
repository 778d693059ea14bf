/**
 * The load stage: PostgreSQL datasets in dlt's shape. {@link io.flowloader.load.Loader} opens a
 * load package, {@link io.flowloader.load.StagingWriter} COPYs its rows into the package's private
 * staging schema, {@link io.flowloader.load.Committer} applies schema changes, write dispositions,
 * cursors and dlt's system tables in one transaction.
 */
package io.flowloader.load;
