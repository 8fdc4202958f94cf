-- engines: both
-- from
CREATE TABLE publisher (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE magazine (
    id INTEGER PRIMARY KEY,
    publisher_id INTEGER NOT NULL REFERENCES publisher (id) ON DELETE CASCADE,
    printer_id INTEGER,
    title TEXT NOT NULL,
    CONSTRAINT fk_magazine_printer FOREIGN KEY (printer_id) REFERENCES publisher (id)
);
INSERT INTO publisher (id, name) VALUES (1, 'p1'), (2, 'p2');
INSERT INTO magazine (id, publisher_id, printer_id, title) VALUES (1, 1, 2, 'm1'), (2, 2, NULL, 'm2');
-- to
CREATE TABLE publisher (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE magazine (
    id INTEGER PRIMARY KEY,
    publisher_id INTEGER NOT NULL,
    printer_id INTEGER,
    title TEXT NOT NULL
);
