-- engines: postgresql
-- from
CREATE TABLE webhook (
    id INTEGER PRIMARY KEY,
    ext_id VARCHAR(36) NOT NULL,
    payload TEXT,
    sent_at TIMESTAMP,
    note VARCHAR(20)
);
INSERT INTO webhook (id, ext_id, payload, sent_at, note) VALUES
    (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '2024-01-02 03:04:05', 'ok'),
    (2, 'b1ffcd88-1d1c-4ef8-bb6d-6bb9bd380a22', NULL, NULL, NULL);
-- to
CREATE TABLE webhook (
    id INTEGER PRIMARY KEY,
    ext_id UUID NOT NULL,
    payload JSONB,
    sent_at TIMESTAMPTZ,
    note TEXT
);
