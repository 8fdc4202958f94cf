-- engines: both
-- from
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    fax TEXT NOT NULL DEFAULT ''
);
INSERT INTO contact (id, phone, fax) VALUES (1, '555-0100', ''), (2, '555-0101', '555-0199');
-- to
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    phone TEXT,
    fax TEXT DEFAULT ''
);
