-- mig:revision w5
-- mig:message W5: qty to BIGINT, drop note, add status, rename name
-- mig:upgrade
ALTER TABLE item RENAME COLUMN name TO label;
ALTER TABLE item ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE item DROP COLUMN note;
ALTER TABLE item ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
