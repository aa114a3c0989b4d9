"""The embedded sandbox of rect-conformance: a stateful stand-in of the RECT Lead Provider API v3.

Build it in-process with ``rect_sandbox.app.create_app`` or run it with ``python -m rect_sandbox``.
"""
