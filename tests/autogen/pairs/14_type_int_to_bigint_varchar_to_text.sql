-- engines: both
-- from
CREATE TABLE counter (
    id INTEGER PRIMARY KEY,
    hits INTEGER NOT NULL DEFAULT 0,
    label VARCHAR(50),
    owner TEXT
);
INSERT INTO counter (id, hits, label, owner) VALUES (1, 10, 'home', 'ann'), (2, 0, NULL, NULL);
-- to
CREATE TABLE counter (
    id INTEGER PRIMARY KEY,
    hits BIGINT NOT NULL DEFAULT 0,
    label TEXT,
    owner VARCHAR(100)
);
