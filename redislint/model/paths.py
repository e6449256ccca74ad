"""Host paths as the model names them (repository files): joining, splitting and relating them.
String operations only (nothing here touches the file system), so that rules can word and compare
paths without importing :mod:`os`."""

from __future__ import annotations

import os.path

basename = os.path.basename
dirname = os.path.dirname
isabs = os.path.isabs
join = os.path.join
normpath = os.path.normpath
relpath = os.path.relpath

__all__ = ["basename", "dirname", "isabs", "join", "normpath", "relpath"]
