-- Extra rows for the target, cooperative and simulator tests, loaded on top of fixture_rows.sql
-- into a separate database (the shared fixture database is left as it is).
insert into source values
    (10, 'Target source T', 'https://example.org/t', 'published', null, null),
    (11, 'Rate table R', null, 'reference', null, null);
insert into target values
    (1, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 40.0, '2024-04-01', '2025-10-01', false, 10, 1, null),
    (2, 'Pemprov NTB', 'Pemprov', 'province', '52', 'enrolled_umkm', null, 100, '2025-01-01', '2025-12-01', false, 10, 1, null),
    (3, 'Kanwil Banuspa', 'Kanwil', 'province', '52', 'coverage_rate', 'ucj', 45.0, '2024-04-01', '2025-10-01', false, 10, 1, 'conflicting'),
    (4, 'RPJMN', 'RPJMN', 'national', 'ID', 'coverage_rate', 'ucj', 35.0, '2025-01-01', '2025-12-01', false, 10, 1, null),
    (5, 'RPJMN', 'RPJMN', 'national', 'ID', 'coverage_rate', 'ucj', 50.0, '2025-01-01', '2029-12-01', false, 10, 1, null),
    (6, 'Cabang Kupang', 'Cabang', 'regency', '53.71', 'active_participants', null, 200, '2025-01-01', '2025-12-01', false, 10, 1, null);
insert into enterprise values
    ('2025-01-01', '52.71', 'umkm', 60, 10, true, 2, 1),
    ('2025-01-01', '52.01', 'umkm', 40, 5, true, 2, 1),
    ('2025-02-01', '52.71', 'umkm', 60, 12, true, 2, 1),
    ('2025-02-01', '52.01', 'umkm', 40, 6, true, 2, 1),
    ('2025-03-01', '52.71', 'umkm', 60, 14, true, 2, 1),
    ('2025-03-01', '52.01', 'umkm', 40, 7, true, 2, 1),
    ('2025-04-01', '52.71', 'umkm', 60, 16, true, 1, 1),
    ('2025-04-01', '52.01', 'umkm', 40, 8, true, 1, 1),
    ('2025-04-01', '52.71', 'koperasi', 5, 1, true, 2, 1);
insert into cooperative values
    (1, 'Kopdit A', '53.71', 1000, 10, '2024-12-01', false, 10, 1, null),
    (2, 'Kopdit B', '52.71', 500, 0, '2024-12-01', true, 10, 1, 'Only the name is published.'),
    (3, 'Koperasi C', '52.01', 200, 20, '2024-12-01', true, 10, 1, null);
insert into contribution_rate values
    ('BPU', 'JKK', 1, null, 10000, 207000, '2025-01-01', 11, 1, null),
    ('BPU', 'JKM', null, 6800, null, null, '2025-01-01', 11, 1, null),
    ('BPU', 'JHT', 2, null, null, null, '2025-01-01', 11, 1, null),
    ('BPU', 'JKM', null, 5000, null, null, '2024-01-01', 11, 1, 'Superseded in 2025.');
