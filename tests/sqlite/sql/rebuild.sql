-- Portable ALTER TABLE on SQLite: one table with every feature, one
-- revision that changes four things at once, and a check that each
-- feature survived the rebuild.
.headers on
PRAGMA foreign_keys = ON;
CREATE TABLE person (pid INTEGER PRIMARY KEY, nick TEXT);
INSERT INTO person VALUES (7, 'seven');
CREATE TABLE item (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- the name, compared without case
  name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
  qty INTEGER DEFAULT 1 CHECK (qty >= 0),
  old_col TEXT,
  price REAL DEFAULT (round(1.5, 1)),
  total REAL GENERATED ALWAYS AS (price * 2) VIRTUAL,
  stored_total REAL AS (price * 3) STORED,
  made TEXT DEFAULT CURRENT_TIMESTAMP,
  parent INTEGER REFERENCES item(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  owner INTEGER DEFAULT 7,
  CONSTRAINT item_name_unique UNIQUE (name),
  FOREIGN KEY (owner) REFERENCES person (pid) ON UPDATE CASCADE ON DELETE RESTRICT,
  CHECK (price IS NULL OR price >= 0)
);
CREATE INDEX item_qty ON item (qty DESC) WHERE qty > 0;
CREATE INDEX item_lower ON item (lower(name));
CREATE INDEX item_name_nocase ON item (name COLLATE BINARY);
CREATE UNIQUE INDEX item_price_u ON item (price, id);
CREATE INDEX item_old ON item (old_col);
CREATE TABLE child (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE);
CREATE TABLE audit (what TEXT);
CREATE TRIGGER item_ai AFTER INSERT ON item BEGIN INSERT INTO audit VALUES ('ins ' || new.name); END;
CREATE TRIGGER child_ai AFTER INSERT ON child BEGIN UPDATE item SET qty = qty + 1 WHERE id = new.item_id; END;
CREATE VIEW item_v AS SELECT id, name, price, total FROM item;
INSERT INTO item (name, qty, old_col, price) VALUES ('a', 1, 'x', 2.0), ('b', 2, 'y', 3.0), ('c', 3, NULL, 1.5);
DELETE FROM item WHERE name = 'c';
INSERT INTO child (item_id) VALUES (1), (2), (2);
CREATE TABLE before AS SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'mig%' AND name <> 'alembic_version';
SELECT mig_register('-- mig:revision r1
-- mig:message four changes at once
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE item DROP COLUMN old_col;
ALTER TABLE item ADD COLUMN status TEXT NOT NULL DEFAULT ''new'';
ALTER TABLE item RENAME COLUMN name TO label;
-- mig:downgrade
ALTER TABLE item RENAME COLUMN label TO name;
ALTER TABLE item DROP COLUMN status;
ALTER TABLE item ADD COLUMN old_col TEXT;
ALTER TABLE item ALTER COLUMN qty TYPE INTEGER;
') AS r;
SELECT mig_upgrade('head') AS up;
.print -- the new definition: every clause kept, qty BIGINT, old_col gone, status added, name renamed
SELECT sql FROM sqlite_schema WHERE name = 'item';
.print -- rows, column order, generated values recomputed, defaults not re-run
SELECT id, label, qty, price, total, stored_total, made IS NOT NULL AS made_kept, parent, owner, status FROM item;
SELECT "from", "table", "to", on_update, on_delete FROM pragma_foreign_key_list('item') ORDER BY id;
SELECT group_concat(name) AS column_order FROM pragma_table_xinfo('item');
.print -- child rows all there (ON DELETE CASCADE never fired), foreign keys back on
SELECT count(*) AS child_rows FROM child;
PRAGMA foreign_keys;
PRAGMA foreign_key_check;
PRAGMA integrity_check;
.print -- the AUTOINCREMENT counter kept: the next id is 4, not 3
SELECT seq FROM sqlite_sequence WHERE name = 'item';
.print -- indexes (the one on the dropped column went with it, as in PostgreSQL), triggers, views
SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'mig%' AND name <> 'alembic_version' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name;
SELECT b.type, b.name AS missing FROM before b WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema s WHERE s.name = b.name);
SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY name;
.print -- and they work: triggers fire, the view reads, constraints hold
INSERT INTO item (label, qty, price) VALUES ('d', 4, 1.0);
SELECT id, label, status FROM item WHERE label = 'D';
INSERT INTO child (item_id) VALUES (4);
SELECT * FROM audit;
SELECT * FROM item_v;
INSERT INTO item (label) VALUES ('A');
INSERT INTO item (label, qty) VALUES ('e', -1);
INSERT INTO item (label, price) VALUES ('f', -5);
INSERT INTO child (item_id) VALUES (99);
UPDATE person SET pid = 8;
SELECT DISTINCT owner FROM item;
DELETE FROM person;
SELECT name FROM pragma_index_list('item') WHERE origin = 'u';
.print -- and back down: the same shape as before
SELECT mig_downgrade('base') AS down;
SELECT sql FROM sqlite_schema WHERE name = 'item';
SELECT count(*) AS child_rows FROM child;
PRAGMA integrity_check;
