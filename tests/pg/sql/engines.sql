-- Engine-specific sections, and statement splitting that respects
-- quotes, comments and dollar quotes.
CREATE EXTENSION mig;

SELECT mig_register($s$-- mig:revision e1
-- mig:message engine sections

-- mig:upgrade
CREATE TABLE note (id integer PRIMARY KEY, body text);

-- mig:upgrade sqlite
CREATE TABLE note_sqlite_only (id INTEGER PRIMARY KEY AUTOINCREMENT) STRICT;

-- mig:upgrade postgresql
CREATE TABLE note_pg_only (id integer GENERATED ALWAYS AS IDENTITY);
INSERT INTO note VALUES (1, 'from the postgresql section');

-- mig:upgrade
INSERT INTO note VALUES (2, 'from the second plain section');

-- mig:downgrade postgresql
DROP TABLE note_pg_only;

-- mig:downgrade sqlite
DROP TABLE note_sqlite_only;

-- mig:downgrade
DROP TABLE note;
$s$);
SELECT mig_upgrade('head');
SELECT to_regclass('note_pg_only'), to_regclass('note_sqlite_only');
SELECT * FROM note ORDER BY id;

-- dollar quotes, quotes and comments with semicolons in them
SELECT mig_register($s$-- mig:revision e2
-- mig:down_revision e1
-- mig:message functions and triggers

-- mig:upgrade
CREATE FUNCTION note_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- a comment; with a semicolon
    NEW.body := NEW.body || '; touched';
    RETURN NEW;
END;
$$;
CREATE TRIGGER note_touch BEFORE INSERT ON note
    FOR EACH ROW EXECUTE FUNCTION note_touch();
CREATE FUNCTION note_count() RETURNS bigint
LANGUAGE sql AS $body$ SELECT count(*) FROM note; $body$;
/* a block comment; with a semicolon */
INSERT INTO note VALUES (3, 'it''s; quoted');
INSERT INTO note VALUES (4, E'escaped \'; quote');
INSERT INTO note VALUES (5, $x$dollar; $y$ nested $y$ quoted$x$);
CREATE TABLE "semi;colon" ("a;b" integer);
DO $do$
BEGIN
    PERFORM 1;
    INSERT INTO note VALUES (6, 'from a DO block');
END
$do$;

-- mig:downgrade
DROP TABLE "semi;colon";
DELETE FROM note WHERE id > 2;
DROP TRIGGER note_touch ON note;
DROP FUNCTION note_touch();
DROP FUNCTION note_count();
$s$);
SELECT mig_upgrade('head');
SELECT * FROM note ORDER BY id;
SELECT note_count();
SELECT to_regclass('"semi;colon"');

-- an empty upgrade section still moves the version
SELECT mig_register($s$-- mig:revision e3
-- mig:down_revision e2
-- mig:message nothing for postgresql
-- mig:upgrade sqlite
CREATE TABLE only_sqlite (id INTEGER) STRICT;
-- mig:downgrade sqlite
DROP TABLE only_sqlite;
$s$);
SELECT mig_upgrade('head');
SELECT mig_current();
SELECT to_regclass('only_sqlite');

SELECT mig_downgrade('base');
SELECT to_regclass('note'), to_regclass('note_pg_only'), to_regclass('"semi;colon"');
SELECT count(*) FROM pg_proc WHERE proname IN ('note_touch', 'note_count');

DROP EXTENSION mig;
DROP TABLE alembic_version;
