-- engines: both
-- from
CREATE TABLE author (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    author_id INTEGER,
    editor_id INTEGER,
    title TEXT NOT NULL
);
INSERT INTO author (id, name) VALUES (1, 'ann'), (2, 'bob');
INSERT INTO article (id, author_id, editor_id, title) VALUES (1, 1, 2, 'first'), (2, 2, NULL, 'second'), (3, NULL, 1, 'third');
-- to
CREATE TABLE author (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    author_id INTEGER REFERENCES author (id),
    editor_id INTEGER,
    title TEXT NOT NULL,
    CONSTRAINT fk_article_editor FOREIGN KEY (editor_id) REFERENCES author (id)
);
