-- engines: sqlite
-- from
CREATE TABLE ord (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    note TEXT,
    total REAL
);
CREATE VIEW v_ord AS SELECT id, customer, note FROM ord;
INSERT INTO ord (id, customer, note, total) VALUES (1, 'ann', 'rush', 10), (2, 'bob', NULL, 20);
-- to
CREATE TABLE ord (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    total REAL
);
CREATE VIEW v_ord AS SELECT id, customer, total FROM ord;
