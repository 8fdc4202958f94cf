-- engines: both
-- from
CREATE TABLE stock (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL,
    lo INTEGER,
    hi INTEGER,
    code TEXT
);
INSERT INTO stock (id, qty, lo, hi, code) VALUES (1, 5, 1, 10, 'ABC'), (2, 0, NULL, 3, NULL), (3, 12, 2, 2, 'XYZ');
-- to
CREATE TABLE stock (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL CHECK (qty >= 0),
    lo INTEGER,
    hi INTEGER,
    code TEXT,
    CONSTRAINT ck_stock_range CHECK (lo <= hi),
    CHECK (length(code) = 3)
);
