"""A disk cache of normalised models, so a folder of versions is parsed once, not on every run.

Reading YAML is most of the cost of ``history`` (60 versions of a 110 kB spec); the normalised
model of a file is a pure function of its bytes and of the code that builds it, so it is stored
as JSON under the sha256 of the bytes and a digest of that code (``MODEL_CODE``): an edit to the
model's code, or to the file, is a miss, never a stale hit. The folder is ``RECT_CACHE_DIR`` or
``$XDG_CACHE_HOME/rect-conformance`` (``~/.cache/...``); a cache that cannot be read or written
is skipped with a debug log line, and the model is built as without it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from rect_conformance import _spec, _spec_lint
from rect_conformance.evolution import _model

_log = logging.getLogger(__name__)
MODEL_CODE = hashlib.sha256(
    b"".join(Path(module.__file__ or "").read_bytes() for module in (_model, _spec, _spec_lint))
).hexdigest()[:16]


def cache_dir() -> Path:
    """Where cached models are kept (see the module docstring)."""
    configured = os.environ.get("RECT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rect-conformance"


def _path(sha256: str) -> Path:
    return cache_dir() / "models" / f"{sha256}-{MODEL_CODE}.json"


def model_of(content: bytes, source: str, *, use_cache: bool = True) -> tuple[str, dict[str, Any]]:
    """(sha256 of ``content``, its normalised model), from the cache when it holds it."""
    sha256 = hashlib.sha256(content).hexdigest()
    path = _path(sha256)
    if use_cache:
        try:
            return sha256, json.loads(path.read_bytes())
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            _log.debug("unreadable cached model %s; building it again", path, exc_info=True)
    model = _model.normalise(_spec.parse_spec(content, source).raw)
    if use_cache:
        _store(path, model)
    return sha256, model


def _store(path: Path, model: dict[str, Any]) -> None:
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(model, handle, separators=(",", ":"))
        os.replace(temporary, path)  # readers see the whole file or none of it
    except OSError:
        _log.debug("cannot cache the model at %s", path, exc_info=True)
        if temporary:
            Path(temporary).unlink(missing_ok=True)
