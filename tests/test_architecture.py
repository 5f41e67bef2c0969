"""Rules of the code's shape that a script can check."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "tipsom"


def test_views_and_api_never_query_models_directly_for_rows():
    """Rows reach views through selectors (restrict) and leave through services."""
    offenders = []
    for path in [*SRC.glob("*/views.py"), *SRC.glob("*/api.py")]:
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\.objects\.(?!none\(\)|all\(\))", code) or (
                re.search(r"\.(save|delete|update|create)\(", code) and "serializer" not in code
            ):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_engine_never_imports_django():
    for path in (SRC / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "tipsom.core", "rest_framework")), (
                    f"{path.relative_to(SRC)} imports {name}"
                )


def test_no_assets_from_the_internet_in_templates():
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text()
        assert not re.search(r"(src|href)=\"https?://", text), path
