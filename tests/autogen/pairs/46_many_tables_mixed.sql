-- engines: both
-- from
CREATE TABLE warehouse (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE bin (
    id INTEGER PRIMARY KEY,
    warehouse_id INTEGER NOT NULL REFERENCES warehouse (id),
    label TEXT NOT NULL
);
CREATE TABLE old_audit (
    id INTEGER PRIMARY KEY,
    note TEXT
);
INSERT INTO warehouse (id, name) VALUES (1, 'north'), (2, 'south');
INSERT INTO bin (id, warehouse_id, label) VALUES (1, 1, 'A'), (2, 1, 'B'), (3, 2, 'A');
INSERT INTO old_audit (id, note) VALUES (1, 'created');
-- to
CREATE TABLE warehouse (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT
);
CREATE TABLE bin (
    id INTEGER PRIMARY KEY,
    warehouse_id INTEGER NOT NULL REFERENCES warehouse (id),
    label TEXT NOT NULL,
    capacity INTEGER NOT NULL DEFAULT 100,
    CONSTRAINT uq_bin_label UNIQUE (warehouse_id, label)
);
CREATE TABLE movement (
    id INTEGER PRIMARY KEY,
    bin_id INTEGER NOT NULL REFERENCES bin (id) ON DELETE CASCADE,
    qty INTEGER NOT NULL,
    at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_movement_bin ON movement (bin_id);
