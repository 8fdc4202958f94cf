-- mig:revision a1
-- mig:message a small shop
-- mig:upgrade
CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT, name TEXT NOT NULL, legacy TEXT);
CREATE INDEX customer_legacy ON customer (legacy);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (id), qty INTEGER, status TEXT);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id, customer_id, qty FROM orders WHERE qty > 2;
INSERT INTO customer VALUES (1, 'ann@example.org', 'Ann', 'x'), (2, 'bob@example.com', 'Bob', NULL), (3, NULL, 'Cy', 'z');
INSERT INTO orders VALUES (1, 1, 1, 'open'), (2, 1, 5, 'shipped'), (3, 2, 3, NULL);
-- mig:downgrade
DROP VIEW big_orders;
DROP TABLE orders;
DROP TABLE customer;
