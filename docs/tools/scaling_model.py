#!/usr/bin/env python3
"""The worked tables of docs/SCALING.md, from the model and the figures that document states.

    time = fixed + size / min(W x per-worker throughput, engine limit) [+ serial part]

Every input is a named constant below, with where it comes from: measured on the 2-core machine
(docs/BENCHMARKS.md), a documented limit of the engine, or an assumption, said as such. Change one
and run this again to see what it does to the tables. Standard library only.

    python3 docs/tools/scaling_model.py        print the tables as Markdown
"""

import math

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
SIZES = [("10 GiB", 10 * GIB), ("100 GiB", 100 * GIB), ("1 TiB", 1024 * GIB)]
WORKERS = [1, 2, 4, 8, 16]

# --- A worker: one replica with cores of its own. Assumption.
WORKER_CORES = 2
WORKER_CONCURRENCY = 4  # rehearsal.cluster.worker-concurrency

# --- PostgreSQL, measured (docs/BENCHMARKS.md, "Results: remote partitioning" and "Results: PostgreSQL").
PG_ROW_BYTES = 233.5             # table heap per row of the benchmark table (pg_relation_size / rows)
PG_BACKUP_DAEMON_US = 5.3        # daemon CPU per row of a backup (medians of the four setups, 4.5 to 6.0)
PG_BACKUP_SERVER_US = 1.3        # server CPU per row of COPY (SELECT ... WHERE ctid ...) TO STDOUT
PG_RESTORE_DAEMON_US = 5.6       # restore JVM CPU per row (0.56 cores x 10.08 s / 1,000,000 rows)
PG_RESTORE_SERVER_US = 1.9       # server CPU per row of COPY FROM (text) into a table without indexes, one \copy
PG_VERIFY_DAEMON_US = 3.9        # verification JVM CPU per row (0.61 cores x 6.38 s / 1,000,000 rows)
PG_INDEX_SECONDS_PER_GIB = 10.2  # primary key and one 2-column index, built one after the other (2.22 s / 222.7 MiB)

# --- A PostgreSQL server. Assumption: 8 of its cores free for Rehearsal; storage of 1,000 MiB/s
# (gp3's most); the table and its WAL on that storage.
PG_SERVER_FREE_CORES = 8
PG_STORAGE_MIB_S = 1000

# --- DynamoDB client cost, measured against DynamoDB Local with items of about 189 bytes
# (docs/BENCHMARKS.md): bench JVM cores x seconds / items.
DDB_BACKUP_CLIENT_MIB_S_PER_CORE = 16.5   # 0.38 cores, 5.75 s, 36.0 MiB
DDB_RESTORE_CLIENT_MIB_S_PER_CORE = 10.0  # 0.22 cores, 16.36 s, 36.0 MiB
DDB_VERIFY_CLIENT_MIB_S_PER_CORE = 46.6   # 0.20 cores, 3.87 s, 36.0 MiB
# Assumption, not measured (DynamoDB Local has no network): one Scan page (at most 1 MB) in flight
# per segment, about 100 ms each.
DDB_SEGMENT_MIB_S = 10.0
DDB_ITEM_BYTES = 1024            # Assumption for the tables: items of 1 KiB (1 write unit each)

# --- DynamoDB's documented limits.
DDB_PARTITION_RRU = 3000         # read request (or capacity) units a partition serves a second
DDB_PARTITION_WRU = 1000
DDB_TABLE_RRU = 40000            # default per-table quota of an on-demand table (adjustable)
DDB_TABLE_WRU = 40000
DDB_NEW_TABLE_WRU = 4000         # what a new on-demand table takes at once
DDB_PARTITION_BYTES = 10 * GIB   # about 10 GB a partition
DDB_MIN_PARTITIONS = 4           # inference: a table that serves 12,000 RRU, as a new on-demand table does, has 4 or more


def pg_limit_read():
    """What the source server gives a backup or a verification: its free cores' COPY TO, or its storage."""
    cpu = PG_SERVER_FREE_CORES * PG_ROW_BYTES / (PG_BACKUP_SERVER_US * 1e-6) / MIB
    return min(cpu, PG_STORAGE_MIB_S)


def pg_limit_load():
    """What the sandbox server absorbs: its free cores' COPY FROM, or its storage written twice (heap and WAL)."""
    cpu = PG_SERVER_FREE_CORES * PG_ROW_BYTES / (PG_RESTORE_SERVER_US * 1e-6) / MIB
    return min(cpu, PG_STORAGE_MIB_S / 2)


def per_worker(us_per_row, row_bytes=PG_ROW_BYTES):
    """A worker's throughput in MiB/s: its cores (or its partitions, if fewer) each at one core's rate."""
    per_core = row_bytes / (us_per_row * 1e-6) / MIB
    return min(WORKER_CORES, WORKER_CONCURRENCY) * per_core


def ddb_partitions(size):
    return max(DDB_MIN_PARTITIONS, math.ceil(size / DDB_PARTITION_BYTES))


def ddb_worker(client_per_core):
    return min(WORKER_CORES * client_per_core, WORKER_CONCURRENCY * DDB_SEGMENT_MIB_S)


def seconds(size, workers, worker_mib_s, limit_mib_s, fixed, serial_per_gib=0.0):
    rate = min(workers * worker_mib_s, limit_mib_s)
    return fixed + size / MIB / rate + serial_per_gib * size / GIB, rate


def human(s):
    if s < 120:
        return f"{s:.0f} s"
    if s < 600:
        return f"{s / 60:.1f} min"
    if s < 2 * 3600:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


def table(title, rows, note):
    print(f"#### {title}")
    print()
    print("| Size | " + " | ".join(f"W = {w}" for w in WORKERS) + " |")
    print("|---|" + "---:|" * len(WORKERS))
    for label, cells in rows:
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    print(note)
    print()


def cells(size, worker, limit, fixed, serial=0.0):
    out = []
    for w in WORKERS:
        s, rate = seconds(size, w, worker, limit, fixed, serial)
        capped = w * worker > limit
        out.append(f"{human(s)}{' *' if capped else ''}")
    return out


def main():
    pg_backup_worker = per_worker(PG_BACKUP_DAEMON_US)
    pg_restore_worker = per_worker(PG_RESTORE_DAEMON_US)
    pg_verify_worker = per_worker(PG_VERIFY_DAEMON_US)
    table("PostgreSQL backup",
          [(label, cells(size, pg_backup_worker, pg_limit_read(), 2)) for label, size in SIZES],
          f"A worker: {pg_backup_worker:.0f} MiB/s of table heap. Engine limit: {pg_limit_read():.0f} MiB/s."
          f" Fixed: 2 s. Segments raised to at least W × {WORKER_CONCURRENCY}.")
    table("PostgreSQL restore (load, then indexes one after the other)",
          [(label, cells(size, pg_restore_worker, pg_limit_load(), 2, PG_INDEX_SECONDS_PER_GIB))
           for label, size in SIZES],
          f"A worker: {pg_restore_worker:.0f} MiB/s. Engine limit: {pg_limit_load():.0f} MiB/s. Serial:"
          f" {PG_INDEX_SECONDS_PER_GIB} s per GiB of index builds, whatever W.")
    table("PostgreSQL verification",
          [(label, cells(size, pg_verify_worker, pg_limit_read(), 2)) for label, size in SIZES],
          f"A worker: {pg_verify_worker:.0f} MiB/s. Engine limit: {pg_limit_read():.0f} MiB/s.")

    rows = []
    for label, size in SIZES:
        limit = min(ddb_partitions(size) * DDB_PARTITION_RRU, DDB_TABLE_RRU) * 8 * KIB / MIB
        rows.append((f"{label} ({ddb_partitions(size)} partitions, limit {limit:.0f} MiB/s)",
                     cells(size, ddb_worker(DDB_BACKUP_CLIENT_MIB_S_PER_CORE), limit, 2)))
    table("DynamoDB backup (eventually consistent parallel Scan)", rows,
          f"A worker: {ddb_worker(DDB_BACKUP_CLIENT_MIB_S_PER_CORE):.0f} MiB/s. 8 KiB per read unit.")

    rows = []
    for label, size in SIZES:
        limit_new = DDB_NEW_TABLE_WRU * DDB_ITEM_BYTES / MIB
        limit_quota = DDB_TABLE_WRU * DDB_ITEM_BYTES / MIB
        worker = ddb_worker(DDB_RESTORE_CLIENT_MIB_S_PER_CORE)
        rows.append((f"{label}, at {DDB_NEW_TABLE_WRU:,} WRU ({limit_new:.1f} MiB/s)", cells(size, worker, limit_new, 10)))
        rows.append((f"{label}, at {DDB_TABLE_WRU:,} WRU ({limit_quota:.0f} MiB/s)", cells(size, worker, limit_quota, 10)))
    table("DynamoDB restore into a new on-demand table (items of 1 KiB)", rows,
          f"A worker: {ddb_worker(DDB_RESTORE_CLIENT_MIB_S_PER_CORE):.0f} MiB/s. One write unit per item of up to 1 KiB.")

    rows = []
    for label, size in SIZES:
        limit = min(ddb_partitions(size) * DDB_PARTITION_RRU, DDB_TABLE_RRU) * 4 * KIB / MIB
        rows.append((f"{label} (limit {limit:.0f} MiB/s)", cells(size, ddb_worker(DDB_VERIFY_CLIENT_MIB_S_PER_CORE), limit, 2)))
    table("DynamoDB verification (strongly consistent parallel Scan)", rows,
          f"A worker: {ddb_worker(DDB_VERIFY_CLIENT_MIB_S_PER_CORE):.0f} MiB/s. 4 KiB per read unit.")


if __name__ == "__main__":
    main()
