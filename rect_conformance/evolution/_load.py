"""How spec evolution reads a document: with the engine's one loader (``rect_conformance._spec``),
which accepts OpenAPI 3.0 and 3.1 by default, so older published versions and a future 3.1 one
load alike. Kept as a name for the evolution CLI; new code imports from ``_spec``.
"""

from __future__ import annotations

from rect_conformance._spec import LoadedSpec, load_spec

__all__ = ["LoadedSpec", "load_spec"]
