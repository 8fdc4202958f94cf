-- engines: sqlite
-- from
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC(10,2)
);
CREATE TABLE item_audit (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    at TEXT DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO item (id, name, price) VALUES (1, 'bolt', 0.1), (2, 'nut', 0.05);
INSERT INTO item_audit (id, item_id, action) VALUES (1, 1, 'import');
-- to
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC(10,2)
);
CREATE TABLE item_audit (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TRIGGER trg_item_update AFTER UPDATE ON item
BEGIN
    INSERT INTO item_audit (item_id, action) VALUES (NEW.id, 'update; price ' || coalesce(NEW.price, 'null'));
END;
CREATE TRIGGER trg_item_delete BEFORE DELETE ON item
FOR EACH ROW WHEN OLD.price IS NOT NULL
BEGIN
    INSERT INTO item_audit (item_id, action) VALUES (OLD.id, 'delete');
END;
