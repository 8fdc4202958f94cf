-- engines: sqlite
-- from
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    slug TEXT
);
CREATE TRIGGER trg_post_slug AFTER INSERT ON post
WHEN NEW.slug IS NULL
BEGIN
    UPDATE post SET slug = lower(replace(NEW.title, ' ', '-')) WHERE id = NEW.id;
END;
INSERT INTO post (id, title) VALUES (1, 'Hello World'), (2, 'Second Post');
-- to
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    slug TEXT
);
