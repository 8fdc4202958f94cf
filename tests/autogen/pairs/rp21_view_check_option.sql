-- engines: postgresql
-- from
CREATE TABLE t (id integer PRIMARY KEY, n int);
CREATE VIEW v AS SELECT id, n FROM t WHERE n > 0;
-- to
CREATE TABLE t (id integer PRIMARY KEY, n int);
CREATE VIEW v WITH (security_barrier) AS SELECT id, n FROM t WHERE n > 0 WITH CHECK OPTION;
