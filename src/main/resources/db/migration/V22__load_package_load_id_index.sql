-- GET /loads/{id} and the pipeline look packages up by load id alone; the unique index on
-- (tenant, load_id) cannot serve that, so every lookup scanned the whole package history (and a
-- service polled by a client scanned it many times a second).
--
-- Unique: replicas mint load ids independently (unique per JVM), so two could start loads in the
-- same microsecond; LoadPackages.open takes the next id when its insert meets this index. A
-- database where that already happened keeps a plain index (a failed migration would stop every
-- replica from starting).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM flowloader.load_package GROUP BY load_id HAVING count(*) > 1) THEN
    CREATE INDEX load_package_load_id_idx ON flowloader.load_package (load_id);
  ELSE
    CREATE UNIQUE INDEX load_package_load_id_idx ON flowloader.load_package (load_id);
  END IF;
END
$$;
