-- What a page header says about the data: the newest month with membership figures and when
-- the newest import batch still in force was loaded.
with

final as (
    select
        (select max(period) from membership) as latest_period,
        (select max(imported_at) from import_batch where status = 'active') as last_import_at
)

select * from final
