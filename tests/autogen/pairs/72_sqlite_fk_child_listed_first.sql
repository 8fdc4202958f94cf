-- engines: sqlite
-- from
CREATE TABLE site (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL UNIQUE
);
INSERT INTO site (id, host) VALUES (1, 'example.org');
-- to
CREATE TABLE comment (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES site (id),
    title TEXT NOT NULL
);
CREATE TABLE site (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_comment_post ON comment (post_id);
