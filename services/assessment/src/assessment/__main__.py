"""`python -m assessment serve|relay|project|schedule|migrate|openapi`."""

from assessment.bootstrap import main
from shared.service import run

run(main)
