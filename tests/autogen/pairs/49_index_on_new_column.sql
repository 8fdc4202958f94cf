-- engines: both
-- from
CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO device (id, name) VALUES (1, 'router'), (2, 'switch');
-- to
CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    serial_no VARCHAR(40),
    site TEXT NOT NULL DEFAULT 'hq'
);
CREATE UNIQUE INDEX ux_device_serial_no ON device (serial_no);
CREATE INDEX ix_device_site_name ON device (site, name);
