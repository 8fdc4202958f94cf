-- engines: both
-- from
CREATE TABLE currency (id INTEGER PRIMARY KEY, code VARCHAR(3) NOT NULL);
INSERT INTO currency VALUES (1, 'EUR');
-- to
CREATE TABLE currency (id INTEGER PRIMARY KEY, code VARCHAR(3) NOT NULL UNIQUE);
CREATE TABLE payment (id INTEGER PRIMARY KEY, code VARCHAR(3) REFERENCES currency (code));
