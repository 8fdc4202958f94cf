-- engines: postgresql
-- from
CREATE TABLE t (id integer PRIMARY KEY, c text DEFAULT 'a');
INSERT INTO t VALUES (1,'1');
-- to
CREATE TABLE t (id integer PRIMARY KEY, c integer DEFAULT 0);
