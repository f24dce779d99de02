-- Every import batch, newest first, with what the user said about its source and what it changed
-- (the seed batch has no details).
with

batches as (
    select
        b.batch_id,
        b.kind,
        b.file_name,
        b.file_hash,
        b.row_count,
        b.imported_at,
        b.status,
        b.note,
        d.source_title,
        d.source_url,
        d.source_as_of,
        d.code_system,
        d.file_format,
        d.rows_in_file,
        d.rows_added,
        d.rows_replaced,
        d.anchors_replaced,
        d.warning_count,
        d.rolled_back_at
    from import_batch as b
    left join import_batch_detail as d using (batch_id)
),

final as (
    select * from batches
)

select * from final
order by batch_id desc
