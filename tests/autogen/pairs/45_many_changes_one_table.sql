-- engines: both
-- from
CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL,
    customer TEXT,
    amount NUMERIC(8,2) NOT NULL DEFAULT 0,
    status TEXT DEFAULT 'draft',
    legacy TEXT
);
CREATE INDEX ix_invoice_customer ON invoice (customer);
INSERT INTO invoice (id, number, customer, amount, status, legacy) VALUES (1, 1001, 'ann', 10.5, 'draft', 'x'), (2, 1002, 'bob', 0, 'sent', NULL), (3, 1003, 'ann', 99.99, 'sent', 'y');
-- to
CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    customer TEXT NOT NULL,
    amount NUMERIC(12,2) NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open',
    due_on TEXT,
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT uq_invoice_number UNIQUE (number),
    CONSTRAINT ck_invoice_amount CHECK (amount >= 0)
);
CREATE INDEX ix_invoice_customer ON invoice (customer, due_on);
CREATE INDEX ix_invoice_unpaid ON invoice (due_on) WHERE paid = FALSE;
