-- mig:revision a5
-- mig:down_revision a4
-- mig:message rename a table, then change it
-- mig:upgrade
DROP VIEW big_orders;
ALTER TABLE orders RENAME TO purchase;
ALTER TABLE purchase ALTER COLUMN note SET NOT NULL, ALTER COLUMN qty TYPE INTEGER USING qty * 10;
CREATE VIEW big_purchases AS SELECT id, customer_id, qty FROM purchase WHERE qty > 20;
-- mig:downgrade
DROP VIEW big_purchases;
ALTER TABLE purchase ALTER COLUMN qty TYPE BIGINT USING qty / 10, ALTER COLUMN note DROP NOT NULL;
ALTER TABLE purchase RENAME TO orders;
CREATE VIEW big_orders AS SELECT id, customer_id, qty FROM orders WHERE qty > 2;
