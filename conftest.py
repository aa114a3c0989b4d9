"""Loads the suite's pytest plugin for every test in the project.

The installed package registers the plugin through its ``pytest11`` entry point, under the
module's own name, so this line finds it loaded already; it only matters where pytest's plugin
autoloading is switched off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``).
"""

pytest_plugins = ["rect_conformance.plugin"]
