-- engines: both
-- from
CREATE TABLE part (
    id INTEGER PRIMARY KEY,
    code INTEGER NOT NULL,
    bin INTEGER
);
CREATE INDEX ix_part_code ON part (code);
INSERT INTO part (id, code, bin) VALUES (1, 100, 5), (2, 200, NULL), (3, 300, 7);
-- to
CREATE TABLE part (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    bin INTEGER
);
CREATE INDEX ix_part_code ON part (code);
