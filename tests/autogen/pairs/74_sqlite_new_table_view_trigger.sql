-- engines: sqlite
-- from
CREATE TABLE wallet (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    balance NUMERIC(12,2) NOT NULL DEFAULT 0
);
INSERT INTO wallet (id, owner, balance) VALUES (1, 'ann', 10), (2, 'bob', 0);
-- to
CREATE TABLE wallet (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    balance NUMERIC(12,2) NOT NULL DEFAULT 0
);
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    wallet_id INTEGER NOT NULL REFERENCES wallet (id),
    amount NUMERIC(12,2) NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ix_ledger_wallet ON ledger (wallet_id);
CREATE TRIGGER trg_ledger_apply AFTER INSERT ON ledger
BEGIN
    UPDATE wallet SET balance = balance + NEW.amount WHERE id = NEW.wallet_id;
END;
CREATE VIEW v_wallet_activity AS
    SELECT w.owner, count(l.id) AS moves, w.balance
      FROM wallet w LEFT JOIN ledger l ON l.wallet_id = w.id
     GROUP BY w.id;
