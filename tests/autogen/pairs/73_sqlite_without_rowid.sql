-- engines: sqlite
-- from
CREATE TABLE kv (
    k TEXT PRIMARY KEY,
    v TEXT,
    old INTEGER
) WITHOUT ROWID;
INSERT INTO kv (k, v, old) VALUES ('a', '1', 1), ('b', '2', NULL);
-- to
CREATE TABLE kv (
    k TEXT PRIMARY KEY,
    v TEXT NOT NULL DEFAULT '',
    ts INTEGER
) WITHOUT ROWID;
