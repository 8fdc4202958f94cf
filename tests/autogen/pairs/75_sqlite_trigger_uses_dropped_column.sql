-- engines: sqlite
-- from
CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    words INTEGER,
    touched TEXT
);
CREATE TRIGGER trg_doc_touch AFTER UPDATE ON doc
BEGIN
    UPDATE doc SET touched = 'yes', words = coalesce(NEW.words, 0) WHERE id = NEW.id AND touched IS NULL;
END;
INSERT INTO doc (id, title, words) VALUES (1, 'a', 100), (2, 'b', NULL);
-- to
CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    touched TEXT
);
CREATE TRIGGER trg_doc_touch AFTER UPDATE ON doc
BEGIN
    UPDATE doc SET touched = 'yes' WHERE id = NEW.id AND touched IS NULL;
END;
