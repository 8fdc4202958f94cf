-- engines: both
-- from
CREATE TABLE line_item (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL,
    unit_price NUMERIC(10,2) NOT NULL
);
INSERT INTO line_item (id, qty, unit_price) VALUES (1, 2, 3.5), (2, 10, 1);
-- to
CREATE TABLE line_item (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL,
    unit_price NUMERIC(10,2) NOT NULL,
    total NUMERIC(12,2) GENERATED ALWAYS AS (qty * unit_price) STORED
);
