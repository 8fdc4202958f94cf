-- engines: both
-- from
CREATE TABLE import_row (
    id INTEGER NOT NULL,
    payload TEXT
);
INSERT INTO import_row (id, payload) VALUES (10, 'a'), (20, 'b'), (30, NULL);
-- to
CREATE TABLE import_row (
    id INTEGER NOT NULL,
    payload TEXT,
    CONSTRAINT pk_import_row PRIMARY KEY (id)
);
