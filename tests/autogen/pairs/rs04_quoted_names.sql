-- engines: sqlite
-- from
CREATE TABLE "select" ("from" INTEGER PRIMARY KEY, "a b" TEXT, [c d] TEXT, `e``f` TEXT);
INSERT INTO "select" VALUES (1, 'x', 'y', 'z');
-- to
CREATE TABLE "select" ("from" INTEGER PRIMARY KEY, "a b" TEXT NOT NULL DEFAULT '', [c d] INTEGER, "g;--" TEXT DEFAULT 'x;y', CHECK ("a b" <> 'bad'));
CREATE INDEX "ix;--" ON "select" ("a b" COLLATE NOCASE DESC);
CREATE VIEW "v ""1""" AS SELECT "from", "a b" FROM "select";
