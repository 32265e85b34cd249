"""`python -m assessment serve|relay|project|migrate`."""

from assessment.bootstrap import main
from shared.service import run

run(main)
