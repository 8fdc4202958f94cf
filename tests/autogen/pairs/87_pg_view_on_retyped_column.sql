-- engines: postgresql
-- from
CREATE TABLE meter (
    id INTEGER PRIMARY KEY,
    sensor VARCHAR(10) NOT NULL,
    value INTEGER NOT NULL
);
CREATE VIEW v_meter AS SELECT sensor, value FROM meter WHERE value > 0;
INSERT INTO meter (id, sensor, value) VALUES (1, 's1', 5), (2, 's2', 0);
-- to
CREATE TABLE meter (
    id INTEGER PRIMARY KEY,
    sensor VARCHAR(40) NOT NULL,
    value NUMERIC(10,3) NOT NULL
);
CREATE VIEW v_meter AS SELECT sensor, value FROM meter WHERE value > 0;
