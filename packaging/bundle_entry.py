"""The bundled program's entry point: `writer` as the command line runs it."""

import sys

from writer.cli import main

if __name__ == "__main__":
    sys.exit(main())
