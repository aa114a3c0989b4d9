"""Entry point of ``python -m rect_sandbox`` (see ``_cli``)."""

import sys

from rect_sandbox._cli import main

sys.exit(main())
