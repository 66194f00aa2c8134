from __future__ import annotations

from compare.cli import main

main()
