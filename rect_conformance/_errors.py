"""Exit codes and the one exception base of the suite.

Every error a user can cause (a bad option, an unreachable target, a spec that is not OpenAPI)
is raised as a subclass of :class:`ConformanceError`. The CLI turns it into one line on stderr
and the exit code it carries; it never shows a traceback for one.

    ConformanceError            exit 2 unless a subclass says otherwise
    ├── UsageError              exit 2: a bad option or configuration
    ├── SpecError               exit 2: the spec cannot be read, parsed or is not OpenAPI
    ├── TargetError             exit 3: the target is unreachable, refuses us, or is unsafe
    │   └── UnsafeWrite         exit 3: a write to the production host without permission
    ├── ContractBroken          exit 1: the target refused a valid request the run needs first
    └── BudgetExhausted         the request budget is spent; tests skip, the run is incomplete
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0  # conformant; or no findings with checks not run, unless --require-complete
EXIT_FINDINGS = 1  # the target broke the contract
EXIT_USAGE = 2
EXIT_TARGET = 3
EXIT_INCOMPLETE = 4  # no findings, but checks in scope did not run (with --require-complete)
EXIT_INTERRUPTED = 130  # stopped by the user (Ctrl-C / SIGINT), as shells report it
# `rect-conformance watch` (evolution/_watch.py): 0 nothing new, 1 new with something wrong,
# EXIT_NEW new and nothing wrong; then one code per input it cannot use
EXIT_NEW = 10
EXIT_NOTES_LAYOUT = 11  # a release-notes page or feed not laid out as DfE publishes it
EXIT_NOTE_UNDATED = 12  # a release note without a readable date
EXIT_SPEC_UNPARSABLE = 13  # the spec does not parse or is not OpenAPI
EXIT_SPEC_IS_HTML = 14  # the spec's URL (or file) answers an HTML page
EXIT_STATE_UNREADABLE = 15  # the watch state file is from another version or is damaged


class ConformanceError(Exception):
    """A problem the user can fix; ``str(error)`` is the one line shown to them."""

    exit_code = EXIT_USAGE


class UsageError(ConformanceError):
    """A command-line option or a configuration value is wrong."""


class SpecError(ConformanceError):
    """The OpenAPI document cannot be loaded, parsed or is not OpenAPI."""


class TargetError(ConformanceError):
    """The target cannot be reached, refuses every request, or may not be written to."""

    exit_code = EXIT_TARGET


class UnsafeWrite(TargetError):
    """A write request to the production host, which was not explicitly allowed."""


class ContractBroken(ConformanceError):
    """The target answered a valid request with a client error (4xx) before the run could
    start: a conformance failure of the target, not an outage, so the exit code is findings."""

    exit_code = EXIT_FINDINGS


class BudgetExhausted(ConformanceError):
    """The run's request budget is spent; nothing more is sent (tests skip, not fail)."""


def cannot_write(option: str, path: Path | str, error: OSError) -> UsageError:
    """The one-line error for an output path given with ``option`` that cannot be written."""
    reason = error.strerror or type(error).__name__
    return UsageError(f"{option} {path}: cannot write there ({reason}); give a path you can write")
