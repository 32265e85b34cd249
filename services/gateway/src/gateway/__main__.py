"""`python -m gateway serve`."""

from gateway.bootstrap import main
from shared.service import run

run(main)
