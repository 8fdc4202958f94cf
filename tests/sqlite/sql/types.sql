-- One spelling of types for both engines: PostgreSQL's names, with the
-- few SQLite would misread translated in column definitions only.
.headers on
SELECT mig_register('-- mig:revision t1
-- mig:upgrade
CREATE TABLE blobs (id SERIAL PRIMARY KEY, data BYTEA, note TEXT DEFAULT ''BYTEA'' CHECK (note <> ''SERIAL''),
                    at TIMESTAMPTZ, flag BOOLEAN, d DOUBLE PRECISION, n NUMERIC(10, 2), v VARCHAR(20));
ALTER TABLE blobs ADD COLUMN more BYTEA, ALTER COLUMN v TYPE BYTEA;
INSERT INTO blobs (data) VALUES (x''00ff'');
INSERT INTO blobs (data, flag) VALUES (NULL, TRUE);') AS r;
SELECT mig_upgrade('head') AS up;
SELECT sql FROM sqlite_schema WHERE name = 'blobs';
-- SERIAL PRIMARY KEY became SQLite's own auto id; BYTEA has BLOB affinity
SELECT id, hex(data), typeof(data), note, flag FROM blobs;
SELECT name, type FROM pragma_table_info('blobs');
