-- engines: both
-- from
CREATE TABLE ticket (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL
);
INSERT INTO ticket (id, title) VALUES (1, 'printer on fire'), (2, 'no coffee'), (3, 'wifi down');
-- to
CREATE TABLE ticket (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'open',
    priority INTEGER NOT NULL DEFAULT 3,
    is_urgent BOOLEAN NOT NULL DEFAULT FALSE
);
