"""Reject files: the rows an import set aside, with the line and the reason, written as they come.

A reject file never overwrites anything: a file given by name must not exist (and is never the database);
the default name takes the first free suffix. A failed import removes its reject file.
"""

import csv
from pathlib import Path

from ..model.errors import InvalidInput


class RejectFile:
    def __init__(self, given, *, default, database=None):
        self.path = Path(given) if given else _free_name(Path(default))
        protected = [Path(database)] if database else []
        protected += [p.with_name(p.name + suffix) for p in protected for suffix in ("-wal", "-shm", "-journal")]
        if any(_same_file(self.path, p) for p in protected):
            raise InvalidInput(f"--reject-file {self.path} is the database itself: give a new file, e.g. rejects.csv")
        if given and self.path.exists():
            raise InvalidInput(f"--reject-file {self.path} exists already: give a new file name (nothing is overwritten)")
        self.handle = self.writer = None
        self.count = 0

    def write(self, rows, header):
        """rows: (line, row, reason); header: the import file's header row."""
        if not rows:
            return
        if self.writer is None:
            self.handle = open(self.path, "x", newline="", encoding="utf-8")
            self.writer = csv.writer(self.handle)
            self.writer.writerow(["line", "reason"] + list(header))
        for line, row, reason in rows:
            self.writer.writerow([line, reason] + list(row))
        self.count += len(rows)

    def close(self):
        """The file's name if anything was written, else None."""
        if self.handle is None:
            return None
        self.handle.close()
        return str(self.path)

    def discard(self):
        if self.handle is not None:
            self.handle.close()
            self.path.unlink(missing_ok=True)
            self.handle = None


def _free_name(path: Path) -> Path:
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
