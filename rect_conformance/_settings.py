"""The options of a conformance run, each declared once, as a field of :class:`Settings`.

A field's type, default and :class:`Option` (help, metavar, other names, choices) are the whole
declaration; :func:`add_to_argparse` makes ``rect-conformance run --NAME`` of it,
:func:`add_to_pytest` makes the plugin's ``--rect-NAME``, and :func:`from_namespace` and
:func:`from_values` read them back into :class:`Settings`. Nothing else restates a name, a type
or a default.

Cheap to import on purpose: the pytest plugin, loaded by every pytest session of an
environment where the package is installed, needs this module and nothing heavier.
"""

from __future__ import annotations

import argparse
import dataclasses
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from rect_conformance._selection import check_names

EMBEDDED = "embedded"
PYTEST_PREFIX = "rect-"
# One DfE rate window (1,000 authenticated requests per 5 minutes per token): a whole run
# against a URL target fits it unless told otherwise. The embedded sandbox has no such limit.
URL_BUDGET = 1000


class _AddOption(Protocol):
    def __call__(self, *names: str, **kwargs: Any) -> object: ...


@dataclass(frozen=True)
class Option:
    """How one field of :class:`Settings` is offered on a command line."""

    help: str
    metavar: str | None = None
    flag: str | None = None  # the option's name when it is not the field's name with dashes
    aliases: tuple[str, ...] = ()  # further names for the same option
    # The valid words of a comma list, listed in the help and checked before a run starts.
    choices: Callable[[], Sequence[str]] | None = None


def option(
    help: str,
    metavar: str | None = None,
    *,
    flag: str | None = None,
    aliases: tuple[str, ...] = (),
    choices: Callable[[], Sequence[str]] | None = None,
) -> dict[str, Option]:
    """The ``metadata`` of a :class:`Settings` field that is an option (see :class:`Option`)."""
    return {"option": Option(help, metavar, flag, aliases, choices)}


@dataclass
class Settings:
    """What the user asked for: one field per option of ``rect-conformance run``."""

    target: str = field(
        default=EMBEDDED,
        metadata=option(
            "'embedded' (start the embedded sandbox) or the base URL of the API, e.g. "
            "https://sandbox.register-early-career-teachers.education.gov.uk/api",
            metavar="embedded|URL",
            aliases=("base-url",),
        ),
    )
    token_env: str | None = field(
        default=None,
        metadata=option("environment variable holding the lead provider's API token", "VAR"),
    )
    second_token_env: str | None = field(
        default=None,
        metadata=option(
            "environment variable holding a second provider's token (turns on the tenancy "
            "checks; the embedded sandbox provides one)",
            "VAR",
        ),
    )
    spec: str | None = field(
        default=None,
        metadata=option(
            "the OpenAPI spec to hold the target to (default: the target's "
            "/api/docs/v3/swagger.yaml)",
            "PATH_OR_URL",
        ),
    )
    budget: int | None = field(
        default=None,
        metadata=option(
            f"send at most N requests; the run plans how to spend them (targeted checks first, "
            f"generated examples fill what is left) and lists what it cut (default: "
            f"{URL_BUDGET} for a URL target, one DfE rate window; no limit for the embedded "
            "sandbox)",
            "N",
        ),
    )
    rate_limit: str | None = field(
        default=None,
        metadata=option(
            "pace requests, e.g. 1000/300s (the default for the DfE sandbox)", "COUNT/PERIOD"
        ),
    )
    report_dir: str | None = field(
        default=None,
        metadata=option(
            "where the reports go (default: reports/<run-id> in the checkout, or in the "
            "current folder when installed)",
            "DIR",
        ),
    )
    allow_production_writes: bool = field(
        default=False, metadata=option("allow write requests to the production host")
    )
    checks: str | None = field(
        default=None, metadata=option("only these checks (comma list)", "A,B", choices=check_names)
    )
    operations: str | None = field(
        default=None, metadata=option("only these operationIds (comma list)", "ID,ID")
    )
    max_examples: int = field(
        default=25,
        metadata=option(
            "generated requests per operation and generation mode, at most (under a budget "
            "the plan may give fewer; generation also stops when answers teach nothing new)",
            "N",
        ),
    )
    seed: int | None = field(default=None, metadata=option("seed for generated requests", "N"))
    sandbox_faults: list[str] = field(
        default_factory=list,
        metadata=option(
            "embedded only: start the sandbox with this fault switched on (repeatable; "
            "`python -m rect_sandbox --list-faults` lists them)",
            "NAME",
            flag="sandbox-fault",
        ),
    )
    timeout: float = field(
        default=30.0, metadata=option("seconds to wait for one response", "SECONDS")
    )
    known_deviations: str | None = field(
        default=None,
        metadata=option(
            "the known deviations of the published spec (default: the suite's "
            "contracts/known_deviations.yaml)",
            "FILE",
        ),
    )
    require_complete: bool = field(
        default=False,
        metadata=option(
            "fail (exit 4) when the run has no findings but checks in scope did not run (no "
            "second token, no test support, budget, production write guard, a test that broke)"
        ),
    )
    # Not an option: how long one 429 may be waited out before the target counts as failing.
    max_429_wait: float = 900.0


def default_budget(kind: str) -> int | None:
    """The request budget of a run that gives no ``--budget``, by target kind."""
    return None if kind == EMBEDDED else URL_BUDGET


@dataclass(frozen=True)
class Declared:
    """One option as both command lines see it."""

    name: str  # the Settings field
    option: Option
    kind: type  # str, int, float, bool (a switch) or list (repeatable)
    default: Any

    @property
    def flags(self) -> tuple[str, ...]:
        """The option's names without dashes or prefix: ``("target", "base-url")``."""
        return (self.option.flag or self.name.replace("_", "-"), *self.option.aliases)

    def help_text(self, *, with_choices: bool = True) -> str:
        """The help, with the default and (when asked) the choices."""
        text = self.option.help
        if self.kind not in (bool, list) and self.default is not None:
            text += f" (default {self.default})"
        if with_choices and self.option.choices is not None:
            text += "; from: " + ", ".join(self.option.choices())
        return text


def declared() -> list[Declared]:
    """Every option of :class:`Settings`, in declaration order."""
    hints = typing.get_type_hints(Settings)
    found = []
    for item in dataclasses.fields(Settings):
        option = item.metadata.get("option")
        if option is None:
            continue
        default = item.default_factory() if callable(item.default_factory) else item.default
        found.append(Declared(item.name, option, _kind(hints[item.name]), default))
    return found


def _kind(hint: Any) -> type:
    if isinstance(hint, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    origin = typing.get_origin(hint) or hint
    if origin not in (str, int, float, bool, list):
        raise TypeError(f"no command-line form for a Settings field of type {hint!r}")
    return typing.cast(type, origin)


def _arguments(item: Declared, dest: str, with_choices: bool) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"dest": dest, "help": item.help_text(with_choices=with_choices)}
    if item.kind is bool:
        kwargs.update(action="store_true", default=False)
    elif item.kind is list:
        kwargs.update(action="append", default=[], metavar=item.option.metavar)
    else:
        kwargs.update(type=item.kind, default=item.default, metavar=item.option.metavar)
    return kwargs


def add_to_argparse(parser: argparse.ArgumentParser) -> None:
    """Add every option to ``parser`` as ``--NAME`` (dest: the field's name)."""
    for item in declared():
        parser.add_argument(
            *(f"--{flag}" for flag in item.flags), **_arguments(item, item.name, True)
        )


def add_to_pytest(addoption: _AddOption) -> None:
    """Add every option through ``addoption`` (a pytest option group's) as ``--rect-NAME``.

    The choices of comma lists are left out of pytest's help: listing them would import every
    check into every pytest session; ``rect-conformance run --help`` lists them.
    """
    for item in declared():
        names = (f"--{PYTEST_PREFIX}{flag}" for flag in item.flags)
        kwargs = _arguments(item, option_dest(item.name), False)
        if item.option.choices is not None:
            kwargs["help"] += " (choices: rect-conformance run --help)"
        addoption(*names, **kwargs)


def option_dest(name: str) -> str:
    """The pytest ``dest`` of field ``name``."""
    return "rect_" + name


def from_values(value_of: Callable[[str], Any]) -> Settings:
    """:class:`Settings` from ``value_of(field_name)`` for every option."""
    values: dict[str, Any] = {}
    for item in declared():
        value = value_of(item.name)
        values[item.name] = list(value or []) if item.kind is list else value
    return Settings(**values)


def from_namespace(args: argparse.Namespace) -> Settings:
    """The settings of a parsed ``rect-conformance run`` command line."""
    return from_values(lambda name: getattr(args, name))


def command_line(settings: Settings) -> list[str]:
    """``rect-conformance run`` with the options of ``settings`` that differ from their
    defaults: the command a report records (options name token variables, never tokens)."""
    words = ["rect-conformance", "run"]
    for item in declared():
        value = getattr(settings, item.name)
        if value == item.default or (item.kind is list and not value):
            continue
        flag = f"--{item.flags[0]}"
        if item.kind is bool:
            words.append(flag)
        elif item.kind is list:
            for part in value:
                words += [flag, str(part)]
        else:
            words += [flag, str(value)]
    return words
