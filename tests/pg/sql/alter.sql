-- Portable ALTER TABLE on PostgreSQL: the scripts run natively, and a run
-- of ALTERs of one table becomes ONE ALTER TABLE statement, so the table
-- is rewritten and scanned once.  Type names: one spelling for both.
CREATE EXTENSION mig;

-- count the ALTER TABLE statements the server runs, and the rewrites
CREATE TABLE ddl_seen (tag text, obj text);
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        INSERT INTO ddl_seen VALUES (r.command_tag, r.object_identity);
    END LOOP;
END $$;
CREATE EVENT TRIGGER note_ddl ON ddl_command_end WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION note_ddl();

CREATE TABLE item (id integer PRIMARY KEY, name text, qty integer, note text);
INSERT INTO item SELECT g, 'n' || g, g, NULL FROM generate_series(1, 1000) g;
CREATE INDEX item_qty ON item (qty);
SELECT relfilenode AS before_node FROM pg_class WHERE relname = 'item' \gset

SELECT mig_register($s$-- mig:revision p1
-- mig:message four changes, one statement
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE bigint;
ALTER TABLE item ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE item DROP COLUMN note;
ALTER TABLE item ALTER COLUMN name SET NOT NULL;
ALTER TABLE item RENAME COLUMN name TO label;
-- mig:downgrade
ALTER TABLE item RENAME COLUMN label TO name;
ALTER TABLE item ALTER COLUMN name DROP NOT NULL, ADD COLUMN note text;
ALTER TABLE item DROP COLUMN status;
ALTER TABLE item ALTER COLUMN qty TYPE integer;
$s$);
SELECT mig_upgrade('head');
-- one statement for the four changes, one for the rename (PostgreSQL
-- cannot combine RENAME with other actions)
SELECT count(*) AS alter_statements FROM ddl_seen;
-- the table was rewritten once (int -> bigint), its index with it
SELECT relfilenode <> :before_node AS rewritten FROM pg_class WHERE relname = 'item';
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a WHERE a.attrelid = 'item'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT count(*), min(status) FROM item;

-- the same type twice in one run cannot be one statement: mig splits it
DELETE FROM ddl_seen;
SELECT mig_register($s$-- mig:revision p2
-- mig:down_revision p1
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE numeric;
ALTER TABLE item ALTER COLUMN qty TYPE bigint USING qty::bigint;
-- mig:downgrade
$s$);
SELECT mig_upgrade('head');
SELECT count(*) AS alter_statements FROM ddl_seen;

-- a rename no other action of the run names moves to the front: then
-- the rest is still one statement
DELETE FROM ddl_seen;
SELECT mig_register($s$-- mig:revision p2h
-- mig:down_revision p2
-- mig:upgrade
ALTER TABLE item ADD COLUMN extra2 integer;
ALTER TABLE item RENAME COLUMN status TO state;
ALTER TABLE item ALTER COLUMN qty SET NOT NULL;
-- mig:downgrade
ALTER TABLE item RENAME COLUMN state TO status;
ALTER TABLE item DROP COLUMN extra2, ALTER COLUMN qty DROP NOT NULL;
$s$);
SELECT mig_upgrade('p2h');
SELECT count(*) AS alter_statements FROM ddl_seen;
SELECT attname FROM pg_attribute WHERE attrelid = 'item'::regclass AND attname IN ('state', 'extra2') ORDER BY 1;
-- offline SQL shows the statements as they run: the rename, then one ALTER
SELECT regexp_replace(mig_sql('downgrade', 'p2'), '\([0-9]+ [a-zA-Z]+, ~[0-9]+ rows\)', '(SIZE)', 'g');

-- an error in a combined statement names the statements it came from
SELECT mig_register($s$-- mig:revision p3
-- mig:down_revision p2h
-- mig:upgrade
ALTER TABLE item ADD COLUMN extra integer;
ALTER TABLE item ALTER COLUMN nope SET NOT NULL;
$s$);
SELECT mig_upgrade('head');
SELECT mig_current();

-- type names: BLOB, DATETIME and DOUBLE are spelled for PostgreSQL,
-- BYTEA and SERIAL stay
SELECT mig_register($s$-- mig:revision p4
-- mig:down_revision p2h
-- mig:upgrade
CREATE TABLE blobs (id SERIAL PRIMARY KEY, data BLOB, raw BYTEA, at DATETIME, d DOUBLE,
                    note text DEFAULT 'BLOB' CHECK (note <> 'DATETIME'));
ALTER TABLE blobs ADD COLUMN more BLOB, ALTER COLUMN d TYPE DOUBLE;
-- mig:downgrade
DROP TABLE blobs;
$s$);
SELECT mig_upgrade('p4');
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a WHERE a.attrelid = 'blobs'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'blobs'::regclass ORDER BY adnum;
SELECT mig_downgrade('base');
SELECT count(*) AS alter_statements_down FROM ddl_seen;

DROP EVENT TRIGGER note_ddl;
DROP FUNCTION note_ddl();
DROP TABLE ddl_seen, item;
DROP EXTENSION mig;
DROP TABLE alembic_version;
