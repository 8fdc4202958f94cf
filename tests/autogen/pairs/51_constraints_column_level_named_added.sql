-- engines: both
-- from
CREATE TABLE parent (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    a INTEGER,
    b INTEGER,
    p_id INTEGER,
    q_id INTEGER
);
INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2');
INSERT INTO child (id, a, b, p_id, q_id) VALUES (1, 10, 1, 1, 2), (2, 20, NULL, NULL, 1), (3, NULL, 5, 2, NULL);
-- to
CREATE TABLE parent (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    a INTEGER CONSTRAINT uq_child_a UNIQUE,
    b INTEGER CONSTRAINT ck_child_b CHECK (b > 0),
    p_id INTEGER CONSTRAINT fk_child_parent REFERENCES parent (id) ON DELETE CASCADE,
    q_id INTEGER,
    FOREIGN KEY (q_id) REFERENCES parent (id)
);
