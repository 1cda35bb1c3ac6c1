#!/usr/bin/env python3
"""Entry point: `python build.py [build|check|serve|schema] ...` (see README.md)."""

from skillmatrix.cli import run

if __name__ == "__main__":
    run()
