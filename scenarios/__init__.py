"""Lifecycle scenarios: participants and declarations driven through whole lifecycles against
a target, each step judged by the oracle (``rect_conformance.oracle``) and the response schema.

Run by ``rect-conformance run`` next to ``contracts/``; each test names its check with the
``rect_check`` marker (the names are ``rect_conformance.lifecycle.CHECKS``). Installed as
``rect_conformance.scenarios``; imports only public names of ``rect_conformance``.
"""
