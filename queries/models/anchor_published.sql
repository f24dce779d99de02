-- Every published total (anchor): one row per area, month and measure ('active', 'workers_ucj',
-- 'workers_bps', ...), with how it was published (counted, or derived from a printed rate), the
-- rate as printed, its source, and its import batch when an analyst imported it (an import of a
-- published total is still an import, never "terbit").
-- The rule every query follows: a figure of an area and month is published when a row here
-- holds that area's total for it, whatever the split of the rows below it.
create or replace temp view anchor_published as
select
    a.area_code,
    a.period,
    a.measure,
    a.derivation,
    a.printed_rate_pct,
    s.title as source,
    s.url as source_url,
    case when s.kind = 'import' then a.batch_id::varchar end as import_batch
from anchor as a
inner join source as s using (source_id)
