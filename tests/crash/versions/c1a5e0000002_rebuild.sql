-- mig:revision c1a5e0000002
-- mig:down_revision c1a5e0000001
-- mig:message crash test: qty to BIGINT, drop note, name NOT NULL, then touch every row
-- SQLite: the three ALTERs are one table rebuild of item (create, copy,
-- drop, rename, indexes and trigger recreated; child is a referencing
-- table, so mig turns foreign keys off around the call and runs
-- foreign_key_check before it commits).  PostgreSQL: one ALTER TABLE that
-- rewrites item (int -> bigint).  Then an UPDATE of every row (it does not
-- fire item_rename, which watches name) and a new index.

-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE item DROP COLUMN note;
ALTER TABLE item ALTER COLUMN name SET NOT NULL;
UPDATE item SET qty = qty + 1;
CREATE INDEX item_qty ON item (qty);
