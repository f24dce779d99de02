-- What rolling back batch $batch would do, counted before anything is written: the rows the batch
-- holds now (removed) and the older rows it replaced (restored), over every table a batch writes
-- (cakupan.importer.store.HISTORY_TABLES, the same counts the rollback reports).
with

removed as (
    select
        (select count(*) from membership where batch_id = $batch)
        + (select count(*) from workforce where batch_id = $batch)
        + (select count(*) from enterprise where batch_id = $batch)
        + (select count(*) from anchor where batch_id = $batch)
        + (select count(*) from target where batch_id = $batch)
        + (select count(*) from cooperative where batch_id = $batch)
        + (select count(*) from contribution_rate where batch_id = $batch)
        + (select count(*) from published_figure where batch_id = $batch)
        + (select count(*) from segment_workforce where batch_id = $batch) as rows_removed
),

restored as (
    select
        (select count(*) from membership_history where replaced_by_batch = $batch)
        + (select count(*) from workforce_history where replaced_by_batch = $batch)
        + (select count(*) from enterprise_history where replaced_by_batch = $batch)
        + (select count(*) from anchor_history where replaced_by_batch = $batch)
        + (select count(*) from target_history where replaced_by_batch = $batch)
        + (select count(*) from cooperative_history where replaced_by_batch = $batch)
        + (select count(*) from contribution_rate_history where replaced_by_batch = $batch)
        + (select count(*) from published_figure_history where replaced_by_batch = $batch)
        + (select count(*) from segment_workforce_history where replaced_by_batch = $batch) as rows_restored
),

final as (
    select removed.rows_removed, restored.rows_restored
    from removed, restored
)

select * from final
