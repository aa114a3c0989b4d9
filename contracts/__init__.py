"""The conformance tests a run executes against a target, with the data they read: the known
deviations of the published spec, the release-note expectations and the signed-off baseline.

A package so that a wheel can carry it (installed as ``rect_conformance.contracts``); found at
run time through ``rect_conformance._project``, never imported by name.
"""
