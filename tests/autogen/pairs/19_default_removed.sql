-- engines: both
-- from
CREATE TABLE sample (
    id INTEGER PRIMARY KEY,
    label TEXT DEFAULT 'x',
    score INTEGER NOT NULL DEFAULT 10,
    taken_at TEXT DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO sample (id, label, score) VALUES (1, 'a', 1), (2, NULL, 2);
-- to
CREATE TABLE sample (
    id INTEGER PRIMARY KEY,
    label TEXT,
    score INTEGER NOT NULL,
    taken_at TEXT
);
