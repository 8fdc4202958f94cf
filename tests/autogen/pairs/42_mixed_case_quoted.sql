-- engines: both
-- from
CREATE TABLE "CustomerAccount" (
    "Id" INTEGER PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "EMail" TEXT
);
CREATE INDEX "IX_CustomerAccount_FirstName" ON "CustomerAccount" ("FirstName");
INSERT INTO "CustomerAccount" ("Id", "FirstName", "EMail") VALUES (1, 'Ann', 'ann@x.org'), (2, 'Bob', 'bob@x.org');
-- to
CREATE TABLE "CustomerAccount" (
    "Id" INTEGER PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT,
    "EMail" TEXT NOT NULL
);
CREATE INDEX "IX_CustomerAccount_FirstName" ON "CustomerAccount" ("FirstName", "LastName");
CREATE UNIQUE INDEX "UX_CustomerAccount_EMail" ON "CustomerAccount" ("EMail");
