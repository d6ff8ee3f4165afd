"""``python -m netjournal`` behaves exactly like the ``netjournal`` command."""

import sys

from netjournal.cli import main

sys.exit(main())
