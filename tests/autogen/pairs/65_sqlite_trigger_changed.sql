-- engines: sqlite
-- from
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    balance NUMERIC(12,2) NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE TABLE account_log (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    delta NUMERIC(12,2)
);
CREATE TRIGGER trg_account_balance AFTER UPDATE OF balance ON account
BEGIN
    INSERT INTO account_log (account_id, delta) VALUES (NEW.id, NEW.balance - OLD.balance);
END;
INSERT INTO account (id, balance) VALUES (1, 100), (2, 0);
-- to
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    balance NUMERIC(12,2) NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE TABLE account_log (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    delta NUMERIC(12,2)
);
CREATE TRIGGER trg_account_balance AFTER UPDATE OF balance ON account
WHEN NEW.balance <> OLD.balance
BEGIN
    INSERT INTO account_log (account_id, delta) VALUES (NEW.id, NEW.balance - OLD.balance);
    UPDATE account SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
