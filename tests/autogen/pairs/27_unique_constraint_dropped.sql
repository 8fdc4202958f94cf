-- engines: both
-- from
CREATE TABLE vendor (
    id INTEGER PRIMARY KEY,
    vat_no VARCHAR(20) UNIQUE,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    CONSTRAINT uq_vendor_name_city UNIQUE (name, city)
);
INSERT INTO vendor (id, vat_no, name, city) VALUES (1, 'PT1', 'Acme', 'Porto'), (2, NULL, 'Acme', 'Faro');
-- to
CREATE TABLE vendor (
    id INTEGER PRIMARY KEY,
    vat_no VARCHAR(20),
    name TEXT NOT NULL,
    city TEXT NOT NULL
);
