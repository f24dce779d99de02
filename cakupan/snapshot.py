"""One dataset for several app processes: readers open the database file read-only, and a write
(an import, a rollback) goes to a copy that replaces the file in one rename when it has committed.

A reader that opened the old file keeps reading it whole (the old file lives on until its last
reader closes), and sees the new one when it reopens: `version` changes with every replacement,
so the app keys its connection and cached results by it. No reader ever sees half a batch, and
no process holds a lock that keeps the others out; writers take turns through a lock file.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


class Busy(RuntimeError):
    """Another import or rollback is writing a new version of this database right now."""


class Discard(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside `writer` to throw the new version away when there is nothing to write (a file
    imported before); the file stays as it was, and the caller catches it."""


def held_for_writing(path: Path) -> bool:
    """True when another process has the database file open for writing (a DuckDB shell left
    open): DuckDB holds a POSIX write lock on the whole file while it does, so a shared one is
    refused. Asked without opening the database (which would start a DuckDB instance, about 20 ms of
    CPU); the shared lock is let go at once. Closing the descriptor would also drop a lock this
    process held on the file through another one, so it is asked only where none is held (the
    command line, before it opens anything)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def version(path: Path) -> tuple[int, int]:
    """What identifies the file now: (inode, modification time in ns). A replacement changes both."""
    st = Path(path).stat()
    return st.st_ino, st.st_mtime_ns


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def writer(path: Path, wait: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a fresh copy of the database; when the block ends without an
    exception the copy is checkpointed and renamed over the file, otherwise it is thrown away and
    the file is exactly as it was. Raises Busy when another writer holds the lock (`wait=False`)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    lock = open(path.with_name(path.name + ".lock"), "a")
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(path.name) from None
        draft = path.with_name(path.name + ".next")
        for leftover in (draft, draft.with_name(draft.name + ".wal")):
            leftover.unlink(missing_ok=True)  # from a writer that was killed: never committed
        shutil.copyfile(path, draft)
        con = duckdb.connect(str(draft))
        try:
            # Each commit goes straight into the draft file (a checkpoint) instead of to a log
            # first, and DuckDB does not sync the draft itself: the draft only counts once it is
            # renamed, and the one sync below, of the finished file before the rename, is all a
            # crash needs (before it the old file stands and the draft is thrown away by the next
            # writer). An import's write no longer creates the log, syncs it twice and removes it,
            # nor syncs the file twice at the checkpoint.
            con.execute("set checkpoint_threshold = '0b'")
            con.execute("set fsync_mode = 'none'")
            yield con
            con.execute("checkpoint")
        except BaseException:
            con.close()
            draft.unlink(missing_ok=True)
            draft.with_name(draft.name + ".wal").unlink(missing_ok=True)
            raise
        con.close()
        os.chmod(draft, path.stat().st_mode & 0o777)
        _fsync(draft)
        os.replace(draft, path)
        _fsync(path.parent)
    finally:
        lock.close()  # releases the lock
