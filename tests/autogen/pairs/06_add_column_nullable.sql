-- engines: both
-- from
CREATE TABLE book (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL
);
INSERT INTO book (id, title) VALUES (1, 'Dune'), (2, 'Emma'), (3, 'Ulysses');
-- to
CREATE TABLE book (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT,
    pages INTEGER,
    isbn VARCHAR(13)
);
