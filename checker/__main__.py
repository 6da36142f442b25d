"""`python -m checker` is `dhr-check`: for a machine where the script is not on the PATH."""

from .cli import run

run()
