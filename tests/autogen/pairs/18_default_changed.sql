-- engines: both
-- from
CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    ratio REAL DEFAULT 0.5
);
INSERT INTO job (id, state, attempts, ratio) VALUES (1, 'done', 1, 0.5), (2, 'queued', 0, NULL);
-- to
CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'new',
    attempts INTEGER NOT NULL DEFAULT 1,
    ratio REAL DEFAULT 0.75
);
