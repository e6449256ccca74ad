"""The console script and ``python -m redislint``.

``redislint --version`` is answered here without importing the command-line library (click) or
anything else heavy; every other invocation goes to :func:`redislint.cli.entry`.
"""

from __future__ import annotations

import sys


def entry() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from redislint import __version__

        sys.stdout.write(f"redislint {__version__}\n")
        sys.stdout.flush()
        return
    from redislint.cli import entry as run

    run()


if __name__ == "__main__":
    entry()
