-- engines: both
-- from
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO item (id, name) VALUES (1, 'bolt'), (2, 'nut');
-- to
CREATE TABLE zone (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    zone_id INTEGER REFERENCES zone (id) ON DELETE SET NULL
);
CREATE INDEX ix_item_zone ON item (zone_id);
