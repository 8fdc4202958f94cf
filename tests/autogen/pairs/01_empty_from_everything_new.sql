-- engines: both
-- from
-- to
CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    email VARCHAR(120) NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    sku VARCHAR(32) NOT NULL,
    price NUMERIC(10,2) NOT NULL DEFAULT 0,
    CONSTRAINT uq_product_sku UNIQUE (sku),
    CONSTRAINT ck_product_price CHECK (price >= 0)
);
CREATE TABLE purchase (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
    FOREIGN KEY (product_id) REFERENCES product (id)
);
CREATE INDEX ix_purchase_customer ON purchase (customer_id);
CREATE UNIQUE INDEX ux_customer_lower_email ON customer (lower(email));
