-- engines: postgresql
-- from
CREATE TABLE "Users" ("Id" integer PRIMARY KEY, "Email" text);
CREATE INDEX "Users_Email_idx" ON "Users" (lower("Email"));
INSERT INTO "Users" VALUES (1, 'A@x');
-- to
CREATE TABLE "Users" ("Id" integer PRIMARY KEY, "Email" varchar(200) NOT NULL DEFAULT 'x', "Name" text CHECK ("Name" <> ''));
CREATE INDEX "Users_Email_idx" ON "Users" (lower("Email"), "Name");
CREATE VIEW "V" AS SELECT "Id", "Email" FROM "Users";
CREATE VIEW "W" AS SELECT "Id" FROM "V";
