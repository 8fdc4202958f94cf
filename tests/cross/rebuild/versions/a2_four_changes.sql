-- mig:revision a2
-- mig:down_revision a1
-- mig:message four changes to orders in one revision
-- mig:upgrade
-- a view over a column whose type changes must go first, on both engines
DROP VIEW big_orders;
ALTER TABLE orders ALTER COLUMN qty TYPE BIGINT;
ALTER TABLE orders ADD COLUMN note TEXT DEFAULT 'none';
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
ALTER TABLE orders RENAME COLUMN status TO state;
CREATE VIEW big_orders AS SELECT id, customer_id, qty FROM orders WHERE qty > 2;
-- mig:downgrade
DROP VIEW big_orders;
ALTER TABLE orders RENAME COLUMN state TO status;
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders DROP COLUMN note;
ALTER TABLE orders ALTER COLUMN qty TYPE INTEGER;
CREATE VIEW big_orders AS SELECT id, customer_id, qty FROM orders WHERE qty > 2;
