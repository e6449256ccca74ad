"""The ``redislint`` command, one module per subject: :mod:`.app` (the group and what commands share),
:mod:`.settings` (options and configuration to settings), :mod:`.check`, :mod:`.fix`,
:mod:`.baseline`, :mod:`.audit`, :mod:`.catalog` (rules, explain, init) and :mod:`.destinations`
(where reports go). Imports stay inside the commands: ``--version`` loads nothing heavy."""

from __future__ import annotations

import os
import sys

from redislint.cli import audit, baseline, catalog, check, fix  # noqa: F401  (each registers its commands)
from redislint.cli.app import main

__all__ = ["crash_summary", "entry", "main"]


def crash_summary(exc: BaseException) -> str:
    """``ValueError at span.py:27``: the exception's type and the innermost frame of redislint that
    raised it. Never the exception's text, which may quote a file's content or a secret."""
    from redislint.engine.runner import crash_where

    return f"{type(exc).__name__}{crash_where(exc, ours=True)}"


def entry() -> None:
    """The console script and ``python -m redislint``: run the CLI, flush the output, and leave
    without the interpreter's teardown (garbage-collecting every module object costs more than the
    rest of a small run). Files are closed before this point; nothing registers exit handlers."""
    import gc

    # The model of a run lives until the end (the process then leaves without teardown), so the
    # collector's full passes over it only cost time: with the default thresholds they made large
    # inputs (thousands of services) superlinear. Collect rarely instead of never.
    gc.set_threshold(200_000, 20, 10)
    code: int = 0
    try:
        main.main(prog_name="redislint")
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    except KeyboardInterrupt:
        sys.stderr.write("redislint: interrupted\n")
        code = 130
    except Exception as exc:  # the last line of defence: never a traceback
        sys.stderr.write(f"redislint: internal error, the check did not run to the end: {crash_summary(exc)} (please report it)\n")
        code = 2
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (redislint ... | head)
        code = code or 1
    os._exit(code)
