"""The `tipsom` command: Django's manage.py under the project's name.

`tipsom serve`, `tipsom demo`, `tipsom createadmin`, `tipsom audit verify`, `tipsom keys rotate`
and every other management command are reached through it.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipsom.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "tipsom"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
