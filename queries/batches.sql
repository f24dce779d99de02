-- Every import batch, newest first.
select
    batch_id,
    kind,
    file_name,
    file_hash,
    row_count,
    imported_at,
    status,
    note
from import_batch
order by batch_id desc
