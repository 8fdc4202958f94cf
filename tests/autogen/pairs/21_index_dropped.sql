-- engines: both
-- from
CREATE TABLE page (
    id INTEGER PRIMARY KEY,
    slug VARCHAR(80) NOT NULL,
    title TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX ux_page_slug ON page (slug);
CREATE INDEX ix_page_title_published ON page (title, published);
INSERT INTO page (id, slug, title, published) VALUES (1, 'home', 'Home', TRUE), (2, 'about', 'About', FALSE);
-- to
CREATE TABLE page (
    id INTEGER PRIMARY KEY,
    slug VARCHAR(80) NOT NULL,
    title TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE
);
