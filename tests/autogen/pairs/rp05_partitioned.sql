-- engines: postgresql
-- from
CREATE TABLE keep (id integer PRIMARY KEY);
-- to
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE TABLE m (id integer NOT NULL, d date NOT NULL) PARTITION BY RANGE (d);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
