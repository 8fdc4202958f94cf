-- engines: both
-- from
CREATE TABLE shipment (
    id INTEGER PRIMARY KEY,
    carrier TEXT,
    tracking VARCHAR(40),
    shipped_on TEXT
);
CREATE INDEX ix_shipment_tracking ON shipment (tracking);
CREATE INDEX ix_shipment_carrier_tracking ON shipment (carrier, tracking);
CREATE INDEX ix_shipment_carrier ON shipment (carrier);
INSERT INTO shipment (id, carrier, tracking, shipped_on) VALUES (1, 'ups', '1Z999', '2024-01-02'), (2, 'dhl', NULL, NULL), (3, 'ups', '1Z998', '2024-02-03');
-- to
CREATE TABLE shipment (
    id INTEGER PRIMARY KEY,
    carrier TEXT,
    shipped_on TEXT
);
CREATE INDEX ix_shipment_carrier ON shipment (carrier);
