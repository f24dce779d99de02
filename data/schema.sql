-- The one definition of every Cakupan table. The build, the app and the tests all create
-- their database from this file. Rates are never stored: they are computed from sums.

-- Reference ---------------------------------------------------------------------------

create table kanwil (
    kanwil_code varchar primary key,
    name varchar not null,
    name_long varchar not null
);

create table province (
    province_code varchar primary key check (regexp_full_match(province_code, '[0-9]{2}')),
    name varchar not null,
    short_name varchar not null unique,
    iso_code varchar not null unique,
    kanwil_code varchar not null references kanwil (kanwil_code),
    population bigint not null check (population >= 0),
    area_km2 double
);

create table regency (
    regency_code varchar primary key check (regexp_full_match(regency_code, '[0-9]{2}\.[0-9]{2}')),
    province_code varchar not null references province (province_code),
    name varchar not null,
    kind varchar not null check (kind in ('kabupaten', 'kota')),
    population bigint not null check (population >= 0),
    area_km2 double,
    capital varchar,
    latitude double,
    longitude double,
    check (starts_with(regency_code, province_code || '.'))
);

-- Provenance --------------------------------------------------------------------------

create table source (
    source_id integer primary key,
    title varchar not null,
    url varchar,
    -- 'published': printed by a public source; 'synthetic': made by Cakupan's default-data
    -- generator; 'reference': code lists and rate tables; 'import': a user's uploaded file.
    kind varchar not null check (kind in ('published', 'synthetic', 'reference', 'import')),
    as_of varchar,
    note varchar
);

create table import_batch (
    batch_id integer primary key,
    kind varchar not null,
    file_name varchar not null,
    -- The content hash with the name of its algorithm, 'blake3:<hex>' ('sha256:<hex>' for the
    -- seeds), so a later change of algorithm never compares digests of two different kinds.
    file_hash varchar not null,
    row_count bigint not null check (row_count >= 0),
    imported_at timestamp not null,
    status varchar not null default 'active' check (status in ('active', 'rolled_back')),
    note varchar
);

-- Facts -------------------------------------------------------------------------------
-- `period` is always the first day of a month.

-- A source that prints only a total stores it as a total: segment 'ALL' and/or enterprise kind
-- 'all', never an invented split. An area and month holds either a total or a split (an import
-- replaces the whole area and month), so a sum over all rows is the area's total either way.
create table membership (
    period date not null check (day(period) = 1),
    regency_code varchar not null references regency (regency_code),
    segment varchar not null check (segment in ('PU', 'BPU', 'JAKON', 'PMI', 'ALL')),
    enterprise_kind varchar not null check (enterprise_kind in ('koperasi', 'umkm', 'lainnya', 'all')),
    active_participants bigint not null check (active_participants >= 0),
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    primary key (period, regency_code, segment, enterprise_kind)
);

-- Two denominators: 'ucj' is the potential-worker base behind reported UCJ rates,
-- 'bps' is BPS (Sakernas) employed persons. PU, Jakon and PMI are formal; BPU is informal.
create table workforce (
    period date not null check (day(period) = 1),
    regency_code varchar not null references regency (regency_code),
    basis varchar not null check (basis in ('ucj', 'bps')),
    -- 'all': the source printed only the total of workers, not its formal/informal split.
    sector varchar not null check (sector in ('formal', 'informal', 'all')),
    workers bigint not null check (workers >= 0),
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    primary key (period, regency_code, basis, sector)
);

-- A segment's own denominator where a source publishes one (e.g. a city's PU rate over its own
-- base of wage earners). A segment's rate divides by it where it exists, and otherwise by its
-- sector of `workforce` (PU, Jakon, PMI: formal; BPU: informal).
create table segment_workforce (
    period date not null check (day(period) = 1),
    regency_code varchar not null references regency (regency_code),
    basis varchar not null check (basis in ('ucj', 'bps')),
    segment varchar not null check (segment in ('PU', 'BPU', 'JAKON', 'PMI')),
    workers bigint not null check (workers >= 0),
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    primary key (period, regency_code, basis, segment)
);

create table enterprise (
    period date not null check (day(period) = 1),
    regency_code varchar not null references regency (regency_code),
    enterprise_kind varchar not null check (enterprise_kind in ('koperasi', 'umkm')),
    enterprises bigint not null check (enterprises >= 0),
    enrolled bigint not null check (enrolled >= 0),
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    primary key (period, regency_code, enterprise_kind)
);

-- A published total (of a province, or of a kabupaten/kota) that the rows below it must add
-- up to exactly. It is how a figure stays "published" although its split is synthetic.
create table anchor (
    period date not null check (day(period) = 1),
    -- A province ('52'), a kabupaten/kota ('52.71') or the nation ('ID').
    area_code varchar not null check (regexp_full_match(area_code, '[0-9]{2}(\.[0-9]{2})?|ID')),
    measure varchar not null check (measure in (
        'active', 'active_formal', 'active_informal',
        'workers_ucj', 'workers_ucj_formal', 'workers_ucj_informal', 'workers_bps')),
    value bigint not null check (value >= 0),
    -- 'count' when the source printed this number; 'from_rate' when it printed only a rate
    -- and the number was chosen so that the rate reproduces.
    derivation varchar not null check (derivation in ('count', 'from_rate')),
    printed_rate_pct double,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    primary key (period, area_code, measure)
);

create table target (
    target_id integer primary key,
    set_by varchar not null,
    setter_kind varchar not null check (setter_kind in
        ('BPJS', 'RPJMN', 'Pemprov', 'Pemkab', 'Pemkot', 'Kanwil', 'Cabang')),
    area_level varchar not null check (area_level in ('national', 'kanwil', 'province', 'regency')),
    area_code varchar not null,
    metric varchar not null check (metric in
        ('coverage_rate', 'active_participants', 'registered_participants', 'enrolled_umkm', 'enrolled_koperasi')),
    basis varchar check (basis in ('ucj', 'bps')),
    target_value double not null check (target_value >= 0),
    start_period date not null,
    due_period date not null,
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    note varchar,
    check (metric <> 'coverage_rate' or basis is not null),
    check (due_period >= start_period)
);

create table cooperative (
    cooperative_id integer primary key,
    name varchar not null,
    regency_code varchar not null references regency (regency_code),
    members bigint not null check (members >= 0),
    enrolled_members bigint not null check (enrolled_members >= 0),
    as_of date not null,
    is_synthetic boolean not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    note varchar,
    check (enrolled_members <= members)
);

create table contribution_rate (
    segment varchar not null check (segment in ('BPU', 'PU')),
    program varchar not null check (program in ('JKK', 'JKM', 'JHT', 'JP', 'JKP')),
    rate_pct double check (rate_pct >= 0),
    fixed_amount_idr bigint check (fixed_amount_idr >= 0),
    min_amount_idr bigint,
    max_amount_idr bigint,
    effective_from date not null,
    source_id integer not null references source (source_id),
    batch_id integer not null references import_batch (batch_id),
    note varchar,
    check ((rate_pct is null) <> (fixed_amount_idr is null)),
    primary key (segment, program, effective_from)
);

-- Every published figure the default data draws on (data/seeds/published), as printed, conflicts
-- included, and published rates an analyst imports. Not used for arithmetic.
create table published_figure (
    figure_id integer primary key,
    area_name varchar not null,
    area_level varchar not null check (area_level in ('national', 'province', 'regency', 'branch_area')),
    area_code varchar,
    as_of varchar,
    measure varchar not null,
    value double,
    numerator bigint,
    denominator bigint,
    segment varchar,
    denominator_basis varchar,
    as_printed varchar,
    source_id integer not null references source (source_id),
    note varchar,
    -- Set for figures an analyst imported (kind 'published'): the month the figure is for, the
    -- publication each row cites (the batch's source names the file), the batch, and which count
    -- the import derived from the printed rate ("diturunkan dari angka terbit"), if any.
    period date check (day(period) = 1),
    source_title varchar,
    source_url varchar,
    derivation varchar check (derivation in ('active_from_rate', 'workers_from_rate')),
    batch_id integer references import_batch (batch_id)
);

-- Imports ------------------------------------------------------------------------------
-- What the user said about an imported file and what the import did. One row per batch
-- except the seed batch; `import_batch` itself stays as it was so older inserts keep working.
create table import_batch_detail (
    batch_id integer primary key references import_batch (batch_id),
    -- The source row the batch created; removed again when the batch is rolled back.
    source_id integer not null,
    source_title varchar not null,
    source_url varchar,
    source_as_of varchar,
    code_system varchar not null check (code_system in ('kemendagri', 'bps')),
    file_format varchar not null,
    -- Rows (or participant records, for a member-level extract) read from the file.
    rows_in_file bigint not null check (rows_in_file >= 0),
    rows_added bigint not null check (rows_added >= 0),
    rows_replaced bigint not null check (rows_replaced >= 0),
    anchors_replaced bigint not null check (anchors_replaced >= 0),
    warning_count integer not null check (warning_count >= 0),
    rolled_back_at timestamp,
    -- How the file was read (kind, --period, --basis, sheet, header row, province...): the same
    -- file read another way (a BPS table's 2025 column after its 2024 column) is another batch.
    read_as varchar
);

-- Warnings an import accepted (e.g. a coverage rate above 100%); the rows were kept.
create table import_warning (
    batch_id integer not null references import_batch (batch_id),
    file_row bigint,
    column_name varchar,
    value varchar,
    problem varchar not null,
    -- The message's placeholders as JSON, so it can be shown in either language.
    detail varchar not null
);

-- Rows that an import replaced, kept so that rolling the import back restores them exactly.
-- Each has the replaced table's columns, in order, plus the batch that replaced it.
create table membership_history (
    period date not null,
    regency_code varchar not null,
    segment varchar not null,
    enterprise_kind varchar not null,
    active_participants bigint not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    replaced_by_batch integer not null
);

create table workforce_history (
    period date not null,
    regency_code varchar not null,
    basis varchar not null,
    sector varchar not null,
    workers bigint not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    replaced_by_batch integer not null
);

create table segment_workforce_history (
    period date not null,
    regency_code varchar not null,
    basis varchar not null,
    segment varchar not null,
    workers bigint not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    replaced_by_batch integer not null
);

create table enterprise_history (
    period date not null,
    regency_code varchar not null,
    enterprise_kind varchar not null,
    enterprises bigint not null,
    enrolled bigint not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    replaced_by_batch integer not null
);

create table anchor_history (
    period date not null,
    area_code varchar not null,
    measure varchar not null,
    value bigint not null,
    derivation varchar not null,
    printed_rate_pct double,
    source_id integer not null,
    batch_id integer not null,
    replaced_by_batch integer not null
);

create table target_history (
    target_id integer not null,
    set_by varchar not null,
    setter_kind varchar not null,
    area_level varchar not null,
    area_code varchar not null,
    metric varchar not null,
    basis varchar,
    target_value double not null,
    start_period date not null,
    due_period date not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    note varchar,
    replaced_by_batch integer not null
);

create table cooperative_history (
    cooperative_id integer not null,
    name varchar not null,
    regency_code varchar not null,
    members bigint not null,
    enrolled_members bigint not null,
    as_of date not null,
    is_synthetic boolean not null,
    source_id integer not null,
    batch_id integer not null,
    note varchar,
    replaced_by_batch integer not null
);

create table published_figure_history (
    figure_id integer not null,
    area_name varchar not null,
    area_level varchar not null,
    area_code varchar,
    as_of varchar,
    measure varchar not null,
    value double,
    numerator bigint,
    denominator bigint,
    segment varchar,
    denominator_basis varchar,
    as_printed varchar,
    source_id integer not null,
    note varchar,
    period date,
    source_title varchar,
    source_url varchar,
    derivation varchar,
    batch_id integer,
    replaced_by_batch integer not null
);

create table contribution_rate_history (
    segment varchar not null,
    program varchar not null,
    rate_pct double,
    fixed_amount_idr bigint,
    min_amount_idr bigint,
    max_amount_idr bigint,
    effective_from date not null,
    source_id integer not null,
    batch_id integer not null,
    note varchar,
    replaced_by_batch integer not null
);

-- Which schema built this database (a fingerprint of this file, written by db.create_schema): a
-- database built by an earlier version is refused with a clear message instead of failing mid-query.
create table schema_fingerprint (
    fingerprint varchar not null
);
