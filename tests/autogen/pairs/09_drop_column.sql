-- engines: both
-- from
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    legacy_code TEXT,
    retries INTEGER NOT NULL DEFAULT 0
);
INSERT INTO account (id, name, legacy_code, retries) VALUES (1, 'ann', 'A-1', 2), (2, 'bob', NULL, 0), (3, 'cy', 'C-3', 5);
-- to
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
