-- On top of fixture_rows.sql: what an analyst's import (batch 2) leaves behind. Kota Kupang and
-- Kabupaten Lombok Barat's April 2025 members are replaced by the import's rows, and NTB's
-- published total for that month is set aside, as cakupan.importer.store does.
insert into source values (3, 'Rekap Kanwil Maret', null, 'import', '2025-04', 'Import batch 2');
insert into import_batch values (2, 'membership', 'rekap.csv', 'def', 3, '2025-05-02 00:00:00', 'active', null);
delete from membership where period = '2025-04-01' and regency_code in ('53.71', '52.01');
insert into membership values
    ('2025-04-01', '53.71', 'PU', 'lainnya', 180, false, 3, 2),
    ('2025-04-01', '53.71', 'BPU', 'lainnya', 20, false, 3, 2),
    ('2025-04-01', '52.01', 'PU', 'lainnya', 260, false, 3, 2);
delete from anchor where period = '2025-04-01' and area_code = '52' and measure = 'active';
