"""`python -m cases serve|relay|project|schedule|migrate|openapi`."""

from cases.bootstrap import main
from shared.service import run

run(main)
