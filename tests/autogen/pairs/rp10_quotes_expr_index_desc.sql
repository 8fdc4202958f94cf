-- engines: both
-- from
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, "we""ird col" TEXT);
INSERT INTO t VALUES (1, 'x', 'y');
-- to
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT DEFAULT ((('a''b' || (')')))), "we""ird col" TEXT);
CREATE INDEX "ix ""q""" ON t ((name || 'it''s; -- x'), id DESC);
CREATE INDEX ix_desc ON t (name DESC, "we""ird col");
