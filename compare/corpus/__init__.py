"""`readout corpus`: index, group, check and compare a whole news corpus on Dask.

One job per module:

- `store`     the store directory: partitioned Parquet for articles, statements, vectors and
              claims, and the manifest that makes `index` incremental (by content hash)
- `features`  what event grouping needs of one article (date, weekdays, prominent names)
- `index`     ingest, segment, embed and extract claims, one Dask task per batch of files
- `events`    group articles into meetings: candidates by approximate nearest neighbours
              within date windows, then date, names and content decide
- `check`     every new article against the record of its own event (`compare.check.check`)
- `report`    an index page of events linking each n-way report, and per-outlet drift figures
- `scheduler` where the tasks run: a local dask.distributed cluster, a remote scheduler, or
              synchronously in-process
- `cli`       the `readout corpus` sub-commands

Nothing here is imported by `compare` itself: dask, pyarrow and usearch load only for
`readout corpus`.
"""
