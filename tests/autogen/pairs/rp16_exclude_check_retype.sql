-- engines: postgresql
-- from
CREATE TABLE r (id integer PRIMARY KEY, code varchar(10) CHECK (code <> ''), lo int, hi int);
INSERT INTO r VALUES (1, '12', 1, 2);
-- to
CREATE TABLE r (id integer PRIMARY KEY, code integer CHECK (code <> 0), lo int, hi int, EXCLUDE USING gist (int4range(lo, hi) WITH &&));
