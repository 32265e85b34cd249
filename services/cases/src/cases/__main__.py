"""`python -m cases serve|project|migrate`."""

from cases.bootstrap import main
from shared.service import run

run(main)
