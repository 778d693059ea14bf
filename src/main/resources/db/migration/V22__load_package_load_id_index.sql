-- GET /loads/{id} and the pipeline look packages up by load id alone; the unique index on
-- (tenant, load_id) cannot serve that, so every lookup scanned the whole package history (and a
-- service polled by a client scanned it many times a second).
CREATE INDEX load_package_load_id_idx ON flowloader.load_package (load_id);
