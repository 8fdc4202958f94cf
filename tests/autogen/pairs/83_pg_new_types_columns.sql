-- engines: postgresql
-- from
CREATE TABLE document (
    id BIGINT PRIMARY KEY,
    title TEXT NOT NULL
);
INSERT INTO document (id, title) VALUES (1, 'spec'), (2, 'memo');
-- to
CREATE TABLE document (
    id BIGINT PRIMARY KEY,
    title TEXT NOT NULL,
    uid UUID NOT NULL DEFAULT gen_random_uuid(),
    meta JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    archived_at TIMESTAMPTZ,
    tags TEXT[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX ux_document_uid ON document (uid);
