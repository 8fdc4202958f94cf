-- engines: both
-- from
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO event (id, name) VALUES (1, 'launch'), (2, 'review');
-- to
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    code TEXT DEFAULT (lower('ABC')),
    weight REAL DEFAULT (1.5 * 2)
);
