-- The small fixture database: data/schema.sql plus these rows. Expected query results in the
-- tests are worked out by hand from these numbers.
insert into kanwil values ('BANUSPA', 'Kanwil Banuspa', 'Bali, Nusa Tenggara & Papua');
insert into province values
    ('52', 'Nusa Tenggara Barat', 'Nusa Tenggara Barat', 'ID-NB', 'BANUSPA', 5500000, 20000),
    ('53', 'Nusa Tenggara Timur', 'Nusa Tenggara Timur', 'ID-NT', 'BANUSPA', 5600000, 48000);
insert into regency values
    ('52.71', '52', 'Kota Mataram', 'kota', 460000, 60, 'Mataram', -8.58, 116.1),
    ('52.01', '52', 'Kabupaten Lombok Barat', 'kabupaten', 720000, 1000, 'Gerung', -8.7, 116.1),
    ('53.71', '53', 'Kota Kupang', 'kota', 400000, 160, 'Kupang', -10.15, 123.6);
insert into source values
    (1, 'Published A', 'https://example.org/a', 'published', '2025-04', null),
    (2, 'Synthetic fill', null, 'synthetic', null, null);
insert into import_batch values (1, 'seed', 'fixture', 'abc', 16, '2025-05-01 00:00:00', 'active', null);
insert into membership values
    ('2024-04-01', '52.71', 'PU', 'lainnya', 300, true, 2, 1),
    ('2024-04-01', '52.71', 'BPU', 'umkm', 100, true, 2, 1),
    ('2024-04-01', '52.01', 'PU', 'lainnya', 200, true, 2, 1),
    ('2024-04-01', '53.71', 'PU', 'lainnya', 150, true, 2, 1),
    ('2025-04-01', '52.71', 'PU', 'lainnya', 330, true, 2, 1),
    ('2025-04-01', '52.71', 'BPU', 'umkm', 120, true, 2, 1),
    ('2025-04-01', '52.01', 'PU', 'lainnya', 250, true, 2, 1),
    ('2025-04-01', '53.71', 'PU', 'lainnya', 100, true, 2, 1);
insert into workforce values
    ('2024-04-01', '52.71', 'ucj', 'formal', 600, true, 2, 1),
    ('2024-04-01', '52.71', 'ucj', 'informal', 400, true, 2, 1),
    ('2024-04-01', '52.01', 'ucj', 'formal', 500, true, 2, 1),
    ('2024-04-01', '52.01', 'ucj', 'informal', 500, true, 2, 1),
    ('2024-04-01', '53.71', 'ucj', 'formal', 400, true, 2, 1),
    ('2024-04-01', '53.71', 'ucj', 'informal', 600, true, 2, 1),
    ('2025-04-01', '52.71', 'ucj', 'formal', 600, true, 2, 1),
    ('2025-04-01', '52.71', 'ucj', 'informal', 400, true, 2, 1),
    ('2025-04-01', '52.01', 'ucj', 'formal', 600, true, 2, 1),
    ('2025-04-01', '52.01', 'ucj', 'informal', 500, true, 2, 1),
    ('2025-04-01', '53.71', 'ucj', 'formal', 400, true, 2, 1),
    ('2025-04-01', '53.71', 'ucj', 'informal', 600, true, 2, 1),
    ('2025-04-01', '52.71', 'bps', 'formal', 1500, false, 1, 1),
    ('2025-04-01', '52.71', 'bps', 'informal', 1500, false, 1, 1),
    ('2025-04-01', '52.01', 'bps', 'formal', 1000, false, 1, 1),
    ('2025-04-01', '52.01', 'bps', 'informal', 1000, false, 1, 1),
    ('2025-04-01', '53.71', 'bps', 'formal', 500, false, 1, 1),
    ('2025-04-01', '53.71', 'bps', 'informal', 1500, false, 1, 1);
insert into anchor values ('2025-04-01', '52', 'active', 700, 'count', null, 1, 1);
