-- mig:revision w5
-- mig:message W5: rename name, add status, qty to BIGINT, created NOT NULL
-- mig:upgrade
ALTER TABLE item RENAME COLUMN name TO label;
ALTER TABLE item ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE item ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE item ALTER COLUMN created SET NOT NULL;
