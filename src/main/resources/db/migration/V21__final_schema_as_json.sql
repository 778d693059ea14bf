-- A staged package's final schema is committed later by another process when the first one died
-- (resume rule), so it must come back exactly as written: jsonb reorders object keys (shortest
-- first), and in dlt's schema document the order of a table's columns is its column order.
-- json keeps the text verbatim.
ALTER TABLE flowloader.load_package ALTER COLUMN final_schema TYPE json USING final_schema::json;
