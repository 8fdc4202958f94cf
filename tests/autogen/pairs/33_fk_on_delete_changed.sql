-- engines: both
-- from
CREATE TABLE folder (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE owner (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folder (id),
    owner_id INTEGER,
    title TEXT NOT NULL,
    CONSTRAINT fk_doc_owner FOREIGN KEY (owner_id) REFERENCES owner (id) ON DELETE CASCADE
);
INSERT INTO folder (id, name) VALUES (1, 'inbox'), (2, 'archive');
INSERT INTO owner (id, name) VALUES (1, 'ann');
INSERT INTO doc (id, folder_id, owner_id, title) VALUES (1, 1, 1, 'a'), (2, 2, NULL, 'b'), (3, NULL, 1, 'c');
-- to
CREATE TABLE folder (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE owner (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folder (id) ON DELETE CASCADE,
    owner_id INTEGER,
    title TEXT NOT NULL,
    CONSTRAINT fk_doc_owner FOREIGN KEY (owner_id) REFERENCES owner (id) ON DELETE SET NULL
);
