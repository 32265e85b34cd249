"""`python -m personnel serve|relay|project|schedule|migrate|openapi`."""

from personnel.bootstrap import main
from shared.service import run

run(main)
