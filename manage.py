#!/usr/bin/env python
"""Django's manage.py; the `tipsom` console command does the same."""

from tipsom.config.cli import main

if __name__ == "__main__":
    main()
