-- engines: both
-- from
CREATE TABLE UserProfile (
    UserId INTEGER PRIMARY KEY,
    DisplayName TEXT NOT NULL
);
INSERT INTO UserProfile (UserId, DisplayName) VALUES (1, 'Ann'), (2, 'Bob');
-- to
CREATE TABLE UserProfile (
    UserId INTEGER PRIMARY KEY,
    DisplayName VARCHAR(80) NOT NULL,
    AvatarUrl TEXT
);
CREATE INDEX IX_UserProfile_DisplayName ON UserProfile (DisplayName);
