-- engines: both
-- from
CREATE TABLE t (a INTEGER CHECK (a > 0) CHECK (a < 100), b INTEGER, CHECK (a < 50));
INSERT INTO t VALUES (1, 2);
-- to
CREATE TABLE t (a INTEGER CHECK (a > 0) CHECK (a < 1000), b INTEGER, CHECK (a < 50));
