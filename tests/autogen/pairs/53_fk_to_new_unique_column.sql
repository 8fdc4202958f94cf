-- engines: both
-- from
CREATE TABLE currency (
    id INTEGER PRIMARY KEY,
    code VARCHAR(3) NOT NULL
);
CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    amount NUMERIC(10,2) NOT NULL,
    currency_code VARCHAR(3)
);
INSERT INTO currency (id, code) VALUES (1, 'EUR'), (2, 'NOK');
INSERT INTO payment (id, amount, currency_code) VALUES (1, 10, 'EUR'), (2, 20.5, 'NOK'), (3, 1, NULL);
-- to
CREATE TABLE currency (
    id INTEGER PRIMARY KEY,
    code VARCHAR(3) NOT NULL,
    CONSTRAINT uq_currency_code UNIQUE (code)
);
CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    amount NUMERIC(10,2) NOT NULL,
    currency_code VARCHAR(3) REFERENCES currency (code)
);
