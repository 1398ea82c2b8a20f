"""``python -m pruning``: see :mod:`pruning.cli`."""
import sys

from pruning.cli import main

sys.exit(main())
