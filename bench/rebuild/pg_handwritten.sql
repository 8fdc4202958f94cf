-- W5 by hand on PostgreSQL, run by psql -1 (one transaction): the rename
-- (which cannot be combined with other actions), then one ALTER TABLE, so
-- the table is rewritten once and the NOT NULL is checked during the rewrite.
ALTER TABLE item RENAME COLUMN name TO label;
ALTER TABLE item
  ADD COLUMN status text NOT NULL DEFAULT 'new',
  ALTER COLUMN qty TYPE bigint,
  ALTER COLUMN created SET NOT NULL;
