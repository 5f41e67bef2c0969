"""Documentation stays true: every setting and command of ours is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tipsom"


def _documentation() -> str:
    return "\n".join(p.read_text() for p in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


def test_every_environment_variable_is_documented():
    code = "\n".join(p.read_text() for p in (SRC / "config").glob("*.py"))
    names = set(re.findall(r"\"(TIPSOM_[A-Z_]+|DATABASE_URL)\"", code))
    docs = _documentation()
    missing = sorted(n for n in names if n not in docs)
    assert not missing, f"undocumented settings: {missing}"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = [p.stem for p in SRC.glob("*/management/commands/*.py") if p.stem != "__init__"]
    missing = sorted(c for c in commands if f"tipsom {c}" not in readme)
    assert not missing, f"commands missing from the README: {missing}"


def test_documented_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    used = set(re.findall(r"`make ([a-z-]+)`", _documentation()))
    assert used <= targets, f"documented but missing: {sorted(used - targets)}"


def test_the_security_docs_show_the_permission_matrix_as_it_is():
    from tipsom.core.permissions import MATRIX, markdown_table

    text = (ROOT / "docs" / "security.md").read_text()
    block = text.split("<!-- matrix:start", 1)[1].split("-->", 1)[1]
    block = block.split("<!-- matrix:end -->", 1)[0].strip()
    resources = block.splitlines()[0].strip("| ").split(" | ")[1:]
    registered = {r for grants in MATRIX.values() for r in grants}
    assert set(resources) == registered, "docs/security.md misses resources of the matrix"
    assert block == markdown_table(resources)
