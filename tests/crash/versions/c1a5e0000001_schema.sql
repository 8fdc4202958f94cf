-- mig:revision c1a5e0000001
-- mig:message crash test: item, a child that references it, an index, a trigger
-- The rows are not part of the revision: the test scripts fill item and
-- child after this revision (ROWS rows, a recursive CTE on SQLite,
-- generate_series on PostgreSQL), so this is the "old" version.

-- mig:upgrade
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT,
    qty INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    CHECK (qty >= 0)
);
CREATE INDEX item_name ON item (name);
CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    tag TEXT
);
CREATE INDEX child_item ON child (item_id);
CREATE TABLE item_log (id SERIAL PRIMARY KEY, item_id INTEGER, old_name TEXT, new_name TEXT);

-- mig:upgrade sqlite
CREATE TRIGGER item_rename AFTER UPDATE OF name ON item
BEGIN
    INSERT INTO item_log (item_id, old_name, new_name) VALUES (new.id, old.name, new.name);
END;

-- mig:upgrade postgresql
CREATE FUNCTION item_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_log (item_id, old_name, new_name) VALUES (NEW.id, OLD.name, NEW.name);
    RETURN NULL;
END
$$;
CREATE TRIGGER item_rename AFTER UPDATE OF name ON item
FOR EACH ROW EXECUTE FUNCTION item_rename();
