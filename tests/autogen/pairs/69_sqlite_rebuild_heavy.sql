-- engines: sqlite
-- from
CREATE TABLE supplier (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    rating INTEGER,
    old_ref TEXT,
    updated_at TEXT
);
CREATE INDEX ix_supplier_rating ON supplier (rating);
CREATE TABLE supply (
    id INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES supplier (id) ON DELETE CASCADE,
    item TEXT NOT NULL
);
CREATE INDEX ix_supply_supplier ON supply (supplier_id);
CREATE TRIGGER trg_supplier_touch AFTER UPDATE OF name ON supplier
BEGIN
    UPDATE supplier SET updated_at = 'touched' WHERE id = NEW.id;
END;
CREATE VIEW v_supplier_supply AS
    SELECT s.name, count(y.id) AS n
      FROM supplier s LEFT JOIN supply y ON y.supplier_id = s.id
     GROUP BY s.name;
INSERT INTO supplier (id, name, rating, old_ref) VALUES (1, 'acme', 5, 'R1'), (2, 'globex', 3, NULL), (3, 'initech', NULL, 'R3');
INSERT INTO supply (id, supplier_id, item) VALUES (1, 1, 'bolts'), (2, 1, 'nuts'), (3, 2, 'gears'), (4, 3, 'staplers');
-- to
CREATE TABLE supplier (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    rating TEXT,
    updated_at TEXT
);
CREATE INDEX ix_supplier_rating ON supplier (rating);
CREATE TABLE supply (
    id INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES supplier (id) ON DELETE CASCADE,
    item TEXT NOT NULL
);
CREATE INDEX ix_supply_supplier ON supply (supplier_id);
CREATE TRIGGER trg_supplier_touch AFTER UPDATE OF name ON supplier
BEGIN
    UPDATE supplier SET updated_at = 'touched' WHERE id = NEW.id;
END;
CREATE VIEW v_supplier_supply AS
    SELECT s.name, count(y.id) AS n
      FROM supplier s LEFT JOIN supply y ON y.supplier_id = s.id
     GROUP BY s.name;
