-- Extra rows for the briefing tests, loaded on top of fixture_rows.sql into a database of its
-- own (the shared fixture database is left as it is).
insert into source values (20, 'Target source T', 'https://example.org/t', 'published', '2025-01', null);
insert into target values
    (1, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 62.22, '2025-01-01', '2025-12-01', false, 20, 1, null),
    (2, 'Pemprov NTB', 'Pemprov', 'province', '52', 'enrolled_umkm', null, 500, '2021-01-01', '2025-12-01', false, 20, 1, null),
    (3, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 30.0, '2024-01-01', '2024-12-01', false, 20, 1, 'expired'),
    (4, 'RPJMN', 'RPJMN', 'national', 'ID', 'coverage_rate', 'ucj', 32.15, '2025-01-01', '2025-12-01', false, 20, 1, null),
    (5, 'BPJS', 'BPJS', 'national', 'ID', 'active_participants', null, 54000000, '2025-01-01', '2025-12-01', false, 20, 1, null),
    (6, 'Pemprov NTT', 'Pemprov', 'province', '53', 'coverage_rate', 'ucj', 64.82, '2025-01-01', '2025-12-01', false, 20, 1, null),
    (7, 'Kanwil Banuspa', 'Kanwil', 'kanwil', 'BANUSPA', 'coverage_rate', 'ucj', 40.0, '2025-01-01', '2025-12-01', true, 2, 1, null);
insert into enterprise values
    ('2025-04-01', '52.71', 'umkm', 300, 90, true, 2, 1),
    ('2025-04-01', '52.01', 'umkm', 200, 30, true, 2, 1),
    ('2025-04-01', '52.71', 'koperasi', 40, 10, true, 2, 1);
