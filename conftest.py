"""Loads the suite's pytest plugin for every test in the project."""

pytest_plugins = ["rect_conformance.plugin"]
