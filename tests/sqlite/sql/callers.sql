-- How mig functions may be called from SQLite.
.headers on
CREATE TABLE t (x INTEGER);
INSERT INTO t VALUES (1), (2);
CREATE TABLE sink (x TEXT);
SELECT mig_register('-- mig:revision c1
-- mig:upgrade
CREATE TABLE made (x INTEGER);
DROP TABLE t;
-- mig:downgrade
CREATE TABLE t (x INTEGER);
DROP TABLE made;') AS r;
-- from INSERT ... SELECT: refused before anything runs
INSERT INTO sink SELECT mig_upgrade('head');
SELECT count(*) AS sink_rows, mig_current() AS current FROM sink;
-- from a query over a table: SQLite cannot drop a table that is being read
SELECT mig_upgrade('head') FROM t LIMIT 1;
SELECT mig_current() AS current, (SELECT count(*) FROM t) AS t_rows;
-- DIRECTONLY: not from views or triggers
CREATE VIEW v AS SELECT mig_current() AS c;
SELECT * FROM v;
CREATE TRIGGER tr AFTER INSERT ON sink BEGIN SELECT mig_upgrade('head'); END;
INSERT INTO sink VALUES ('x');
DROP TRIGGER tr;
DROP VIEW v;
-- wrong arity is SQLite's own error
SELECT mig_upgrade('head', 'extra');
SELECT mig_current('x');
-- the supported way
SELECT mig_upgrade('head') AS up;
SELECT mig_current() AS current;
-- mig does not change the connection's busy_timeout
PRAGMA busy_timeout;
