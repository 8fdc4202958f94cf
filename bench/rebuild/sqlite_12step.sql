-- W5 by hand: SQLite's 12-step procedure (lang_altertable.html#otheralter)
-- in one transaction, run by the sqlite3 shell with .bail on, so any error
-- ends the process before COMMIT and the transaction rolls back.
.bail on
-- 1. foreign keys off, outside the transaction (inside it the PRAGMA is a no-op)
PRAGMA foreign_keys = OFF;
-- 2.
BEGIN;
-- 4. the new table in the desired form: name -> label, qty BIGINT, no note, status added
CREATE TABLE item_new (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  qty BIGINT NOT NULL DEFAULT 0,
  price REAL,
  created TEXT,
  status TEXT NOT NULL DEFAULT 'new'
);
-- 5.
INSERT INTO item_new (id, label, qty, price, created)
  SELECT id, name, qty, price, created FROM item;
-- 9. (first) the view names the table and the renamed column: it goes now and
-- comes back below; left in place, step 7 fails with "error in view item_priced"
DROP VIEW item_priced;
-- 6.
DROP TABLE item;
-- 7.
ALTER TABLE item_new RENAME TO item;
-- 8. indexes and the trigger, which DROP TABLE removed
CREATE INDEX item_name ON item (label);
CREATE INDEX item_qty ON item (qty);
CREATE TRIGGER item_qty_log AFTER UPDATE ON item
BEGIN
  INSERT INTO item_log (item_id, old_qty, new_qty) VALUES (new.id, old.qty, new.qty);
END;
-- 9.
CREATE VIEW item_priced AS SELECT id, label, price FROM item WHERE price IS NOT NULL;
-- 10. (fk-check) no foreign key may dangle: a violation fails the CHECK, and
-- .bail ends the process before COMMIT
CREATE TEMP TABLE fk_violations (n INTEGER CHECK (n = 0));
INSERT INTO fk_violations SELECT count(*) FROM pragma_foreign_key_check;
-- (end fk-check)
-- 11.
COMMIT;
-- 12.
PRAGMA foreign_keys = ON;
