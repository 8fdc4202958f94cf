-- mig:revision a4
-- mig:down_revision a3
-- mig:message constraints: a CHECK, a foreign key with ON DELETE, NOT NULL off
-- mig:upgrade
ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0),
    ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
    REFERENCES customer (id) ON DELETE CASCADE;
ALTER TABLE customer ALTER COLUMN name DROP NOT NULL;
-- mig:downgrade
ALTER TABLE customer ALTER COLUMN name SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id);
ALTER TABLE orders DROP CONSTRAINT orders_qty_positive, ALTER COLUMN customer_id DROP NOT NULL;
