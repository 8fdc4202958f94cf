-- A session keeps the revision graph between calls (docs/functions.md,
-- "Speed"), and reads it again whenever a mig_revision changed: another
-- session's commit, this session's own writes, a change rolled back, a
-- named database's table, a role that may not read it.
CREATE EXTENSION mig;
CREATE EXTENSION dblink;
CREATE FUNCTION other_session(sql text) RETURNS text LANGUAGE sql AS $$
    SELECT r FROM dblink('dbname=' || current_database() || ' port=' || current_setting('port')
                         || ' host=' || current_setting('unix_socket_directories'), sql)
        AS t(r text) $$;
SELECT mig_register('-- mig:revision c1
-- mig:upgrade
CREATE TABLE c1 (id int);
-- mig:downgrade
DROP TABLE c1;');
SELECT mig_upgrade('head');
SELECT mig_heads();
SELECT mig_upgrade('head');
-- another session registers c2 and commits
SELECT other_session($x$SELECT mig_register('-- mig:revision c2
-- mig:down_revision c1
-- mig:upgrade
CREATE TABLE c2 (id int);
-- mig:downgrade
DROP TABLE c2;')$x$);
SELECT mig_heads();
SELECT mig_upgrade('head');
SELECT mig_upgrade('head');
-- this session's own writes
UPDATE mig_revision SET down_revision = NULL WHERE revision = 'c2';
SELECT mig_heads();
UPDATE mig_revision SET down_revision = 'c1' WHERE revision = 'c2';
SELECT mig_heads();
-- a change rolled back, whole or to a savepoint
BEGIN;
DELETE FROM mig_revision WHERE revision = 'c2';
SELECT mig_heads();
ROLLBACK;
SELECT mig_heads();
BEGIN;
SAVEPOINT s;
SELECT mig_register('-- mig:revision c3
-- mig:down_revision c2
-- mig:upgrade
-- mig:downgrade');
SELECT mig_heads();
ROLLBACK TO s;
SELECT mig_heads();
COMMIT;
SELECT mig_heads();
-- two changes in one transaction, a call after each (the counter moves
-- once per transaction)
BEGIN;
UPDATE mig_revision SET down_revision = NULL WHERE revision = 'c2';
SELECT mig_heads();
UPDATE mig_revision SET down_revision = 'c1' WHERE revision = 'c2';
SELECT mig_heads();
COMMIT;
SELECT mig_heads();
SELECT n FROM mig_generation;
-- a named database: its mig_revision moves the same counter
CREATE SCHEMA mon;
SELECT mig_register('-- mig:revision m1
-- mig:database mon
-- mig:upgrade
CREATE TABLE m1 (id int);
-- mig:downgrade
DROP TABLE m1;');
SELECT mig_heads();
SELECT other_session($x$SELECT mig_register('-- mig:revision m2
-- mig:down_revision m1
-- mig:database mon
-- mig:upgrade
-- mig:downgrade')$x$);
SELECT mig_heads();
UPDATE mon.mig_revision SET down_revision = NULL WHERE revision = 'm2';
SELECT mig_heads();
UPDATE mon.mig_revision SET down_revision = 'm1' WHERE revision = 'm2';
-- a role that may not read mig_revision gets nothing from the cache
CREATE ROLE regress_mig_nocache;
SET ROLE regress_mig_nocache;
SELECT mig_heads();
RESET ROLE;
-- a call inside a call (a script that asks mig) does not disturb it
SELECT mig_register('-- mig:revision c4
-- mig:down_revision c2
-- mig:upgrade
CREATE TABLE seen AS SELECT mig_heads() AS heads;
-- mig:downgrade
DROP TABLE seen;');
SELECT mig_upgrade('heads');
SELECT heads FROM seen;
SELECT mig_heads();
SELECT count(*) FROM mig_history();
DROP ROLE regress_mig_nocache;
DROP SCHEMA mon CASCADE;
DROP FUNCTION other_session(text);
DROP EXTENSION dblink;
DROP EXTENSION mig;
DROP TABLE c1, c2, seen, alembic_version;
