-- mig:revision 0153d3209108
-- mig:down_revision 1a188ebcf936
-- mig:message load three demo holdings with their files and locations

-- Demo data, so that the data migrations later in the history move real
-- rows.  A production history would not carry it.

-- mig:upgrade
INSERT INTO holding (id, label, user_name, group_name, project) VALUES
    (1, 'era5-monthly', 'ncas01', 'ncas', 'ERA5'),
    (2, 'ukesm1-historical', 'jbloggs', 'cmip6', 'CMIP6'),
    (3, 'scratch-2023-11', 'jbloggs', 'cmip6', NULL);

INSERT INTO transaction_record (id, holding_id, transaction_id, ingest_time) VALUES
    (1, 1, '5c0f9a6e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', '2023-10-02T09:14:00'),
    (2, 1, '7a2e4c1b-3f5d-4e6a-8b9c-1d2e3f4a5b6c', '2023-11-06T16:40:00'),
    (3, 2, '9b3f5d2c-4a6e-4f7b-9c0d-2e3f4a5b6c7d', '2023-11-20T11:05:00'),
    (4, 3, 'ac4a6e3d-5b7f-4a8c-8d1e-3f4a5b6c7d8e', '2023-11-28T08:30:00');

INSERT INTO file (id, transaction_record_id, original_path, path_type, size,
                  user_name, group_name, file_permissions) VALUES
    (1, 1, '/gws/ncas/era5/monthly/t2m_2022.nc', 'FILE', 2147483648, 'ncas01', 'ncas', 420),
    (2, 1, '/gws/ncas/era5/monthly/tp_2022.nc', 'FILE', 1073741824, 'ncas01', 'ncas', 420),
    (3, 2, '/gws/ncas/era5/monthly/t2m_2023.nc', 'FILE', 2147483648, 'ncas01', 'ncas', 420),
    (4, 3, '/gws/cmip6/ukesm1/historical/tas_Amon.nc', 'FILE', 5368709120, 'jbloggs', 'cmip6', 436),
    (5, 3, '/gws/cmip6/ukesm1/historical/README', 'FILE', 2048, 'jbloggs', 'cmip6', 436),
    (6, 4, '/home/users/jbloggs/scratch/notes.txt', 'FILE', 512, 'jbloggs', 'cmip6', 384);

INSERT INTO location (id, file_id, storage_type, server, root, path, access_time) VALUES
    (1, 1, 'OBJECT_STORAGE', 'https://s3.example.org', 'nlds.ncas01', 't2m_2022.nc', '2023-10-02T09:15:00'),
    (2, 2, 'OBJECT_STORAGE', 'https://s3.example.org', 'nlds.ncas01', 'tp_2022.nc', '2023-10-02T09:16:00'),
    (3, 3, 'OBJECT_STORAGE', 'https://s3.example.org', 'nlds.ncas01', 't2m_2023.nc', '2023-11-06T16:41:00'),
    (4, 4, 'OBJECT_STORAGE', 'https://s3.example.org', 'nlds.jbloggs', 'tas_Amon.nc', '2023-11-20T11:06:00'),
    (5, 5, 'OBJECT_STORAGE', 'https://s3.example.org', 'nlds.jbloggs', 'README', '2023-11-20T11:06:00'),
    (6, 6, 'OBJECT_STORAGE', 'http://cache.example.org:8080', 'nlds.jbloggs', 'notes.txt', '2023-11-28T08:31:00'),
    (7, 1, 'TAPE', 'root://tape.example.org', 'nlds_ncas01', 'agg_0001.tar', NULL),
    (8, 2, 'TAPE', 'root://tape.example.org', 'nlds_ncas01', 'agg_0001.tar', NULL),
    (9, 4, 'TAPE', 'root://tape.example.org', 'nlds_jbloggs', 'agg_0007.tar', NULL);

-- mig:downgrade
DELETE FROM location WHERE id BETWEEN 1 AND 9;
DELETE FROM file WHERE id BETWEEN 1 AND 6;
DELETE FROM transaction_record WHERE id BETWEEN 1 AND 4;
DELETE FROM holding WHERE id BETWEEN 1 AND 3;
