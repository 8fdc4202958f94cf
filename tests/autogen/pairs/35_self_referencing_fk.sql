-- engines: both
-- from
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO staff (id, name) VALUES (1, 'boss'), (2, 'ann'), (3, 'bob');
-- to
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    manager_id INTEGER REFERENCES staff (id) ON DELETE SET NULL
);
CREATE INDEX ix_staff_manager ON staff (manager_id);
