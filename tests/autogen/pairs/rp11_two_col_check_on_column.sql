-- engines: both
-- from
CREATE TABLE t (a INTEGER, b INTEGER CHECK (b > a));
INSERT INTO t VALUES (1, 2);
-- to
CREATE TABLE t (a INTEGER, b INTEGER CHECK (b >= a));
