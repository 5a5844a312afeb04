import sys

from backes_tui.cli import main

sys.exit(main())
