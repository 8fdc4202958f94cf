-- mig:revision 5b7d9f1a3c42
-- mig:down_revision 3e5a7c9b1d20
-- mig:depends_on 0153d3209108
-- mig:database monitor
-- mig:message demo monitoring records for the catalog's demo transactions

-- Like the catalog's seed revision: demo rows, so that the data migration
-- of 8d0f2b4c6e73 has something to move.  It depends on the catalog's seed,
-- whose transaction ids it follows.

-- mig:upgrade
INSERT INTO transaction_monitor (id, transaction_id, api_action, creation_time) VALUES
    (1, '5c0f9a6e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', 'put', '2023-10-02T09:14:00'),
    (2, '7a2e4c1b-3f5d-4e6a-8b9c-1d2e3f4a5b6c', 'put', '2023-11-06T16:40:00'),
    (3, '9b3f5d2c-4a6e-4f7b-9c0d-2e3f4a5b6c7d', 'put', '2023-11-20T11:05:00'),
    (4, 'ac4a6e3d-5b7f-4a8c-8d1e-3f4a5b6c7d8e', 'put', '2023-11-28T08:30:00');

INSERT INTO sub_record (id, transaction_monitor_id, sub_id, state, retry_count) VALUES
    (1, 1, 'a1', 'COMPLETE', 0),
    (2, 2, 'b1', 'COMPLETE', 1),
    (3, 2, 'b2', 'FAILED', 3),
    (4, 3, 'c1', 'COMPLETE', 0),
    (5, 4, 'd1', 'FAILED', 5);

INSERT INTO failed_file (id, sub_record_id, filepath, reason) VALUES
    (1, 3, '/gws/ncas/era5/monthly/u10_2023.nc', 'E_PERM: permission denied reading source'),
    (2, 3, '/gws/ncas/era5/monthly/v10_2023.nc', 'E_PERM: permission denied reading source'),
    (3, 5, '/home/users/x/scratch/tmp.bin', 'E_SIZE: file changed size during transfer');

-- mig:downgrade
DELETE FROM failed_file WHERE id BETWEEN 1 AND 3;
DELETE FROM sub_record WHERE id BETWEEN 1 AND 5;
DELETE FROM transaction_monitor WHERE id BETWEEN 1 AND 4;
