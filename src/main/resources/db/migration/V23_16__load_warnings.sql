-- What the normalizer repaired or dropped in a load (integers beyond int64, NaN/Infinity strings,
-- U+0000 replaced, discarded values, ...), one row per (table, column, kind) with its count, so
-- GET /loads/{id} can report it. Deleted with its package.
CREATE TABLE flowloader.load_warning (
    load_package  bigint  NOT NULL REFERENCES flowloader.load_package (id) ON DELETE CASCADE,
    table_name    text    NOT NULL,
    column_name   text,
    kind          text    NOT NULL,
    count         bigint  NOT NULL
);
CREATE INDEX load_warning_package_idx ON flowloader.load_warning (load_package);
