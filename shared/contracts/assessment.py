"""Public events published by `assessment` (decisions of accountability).

Consumers: personnel (sanctions that take effect on certificates and posts).
"""

from __future__ import annotations
