"""readout: compare how different sources report the same event."""

from __future__ import annotations

__version__ = "0.1.0"
