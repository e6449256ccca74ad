"""Package data (``redislint/data/*``), read with plain file access: importlib.resources would pull in
zipfile, tempfile and pathlib at start-up for a package that is always installed as files."""

from __future__ import annotations

import functools
import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@functools.cache
def read_data(name: str) -> str:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as fh:
        return fh.read()
