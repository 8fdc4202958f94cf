-- engines: postgresql
-- from
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- to
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW a AS SELECT 1 AS n;
CREATE VIEW b AS SELECT id, n FROM t;
CREATE OR REPLACE VIEW a AS SELECT n FROM b;
