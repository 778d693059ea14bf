-- The staging schema each package stages into (docs/architecture.md, "Staging"). A tenant's staging
-- schemas and their tables are reused from load to load; a schema is held by at most one unfinished
-- (extracting or staged) package at a time, so two loads never share staging rows. NULL for
-- packages opened before: each staged into flowloader_stg_<id>, a schema of its own.
ALTER TABLE flowloader.load_package ADD COLUMN staging_schema text;

CREATE UNIQUE INDEX load_package_live_staging_schema_key
    ON flowloader.load_package (staging_schema) WHERE status IN ('extracting', 'staged');
