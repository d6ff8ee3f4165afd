"""``python -m netjournal`` behaves exactly like the ``netjournal`` command."""

import sys

from netjournal.launch import main

sys.exit(main())
