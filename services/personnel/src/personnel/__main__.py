"""`python -m personnel serve|relay|migrate`."""

from personnel.bootstrap import main
from shared.service import run

run(main)
