-- engines: postgresql
-- from
CREATE TABLE event_log (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    meta JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_event_log_kind ON event_log (kind);
INSERT INTO event_log (id, kind, meta) VALUES (1, 'login', '{"ip": "10.0.0.1"}'), (2, 'logout', '{}');
-- to
CREATE TABLE event_log (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    meta JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ix_event_log_kind ON event_log (kind) INCLUDE (created_at);
CREATE INDEX ix_event_log_meta ON event_log USING gin (meta);
CREATE INDEX ix_event_log_created ON event_log (created_at DESC NULLS LAST);
