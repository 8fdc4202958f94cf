-- engines: both
-- from
CREATE TABLE "Order" (
    id INTEGER PRIMARY KEY,
    "select" TEXT NOT NULL,
    "from" INTEGER
);
CREATE TABLE "a""b" (
    id INTEGER PRIMARY KEY,
    "x y" TEXT
);
CREATE TABLE "semi;colon" (
    id INTEGER PRIMARY KEY,
    "Order" INTEGER REFERENCES "Order" (id),
    "--dash" TEXT
);
INSERT INTO "Order" (id, "select", "from") VALUES (1, 'star', 0), (2, 'one', 5);
INSERT INTO "a""b" (id, "x y") VALUES (1, 'short'), (2, NULL);
INSERT INTO "semi;colon" (id, "Order", "--dash") VALUES (1, 1, 'p'), (2, 2, 'q'), (3, 1, 'r');
-- to
CREATE TABLE "Order" (
    id INTEGER PRIMARY KEY,
    "select" TEXT NOT NULL,
    "from" INTEGER,
    "group" TEXT DEFAULT 'a;b',
    CONSTRAINT "ck;order" CHECK ("from" >= 0)
);
CREATE TABLE "a""b" (
    id INTEGER PRIMARY KEY,
    "x y" VARCHAR(20)
);
CREATE TABLE "semi;colon" (
    id INTEGER PRIMARY KEY,
    "Order" INTEGER REFERENCES "Order" (id) ON DELETE CASCADE,
    "--dash" TEXT NOT NULL DEFAULT '/* x */'
);
CREATE INDEX "ix ""Order"" select" ON "Order" ("select");
CREATE UNIQUE INDEX "semi;colon_idx" ON "semi;colon" ("--dash", "Order");
