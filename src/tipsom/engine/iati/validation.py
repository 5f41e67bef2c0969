"""Validation of an activity file against the official IATI 2.03 XML Schema shipped in
``schema/`` (see its README for the source and licence).

The schema is loaded once, offline (its imports are the files beside it). Documents are
parsed without network access or entity expansion, so a file from elsewhere can be checked
safely. Besides the schema, two facts it cannot state: the root element must be
``iati-activities`` (the schema declares every element global, so a lone ``<iati-activity>``
or even a ``<title>`` would otherwise pass), and the file must say it is version 2.03.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from tipsom.engine.iati.errors import InvalidDocument

SCHEMA = Path(__file__).with_name("schema") / "iati-activities-schema.xsd"
VERSION = "2.03"

_lock = threading.Lock()  # an XMLSchema keeps its error log on itself: one validation at a time


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@cache
def _schema() -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA), _parser()))


def validate(xml: bytes) -> list[str]:
    """The reasons ``xml`` is not a valid IATI 2.03 activity file, each as
    ``"line N: message"`` in document order; empty when it is valid."""
    try:
        document = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as error:
        return [f"line {error.lineno}: not well-formed XML: {error.msg}"]
    if document.tag != "iati-activities":
        return [
            f"line {document.sourceline}: the root element must be iati-activities, "
            f"not {document.tag}"
        ]
    errors = []
    version = document.get("version")
    if version != VERSION:
        errors.append(
            f"line {document.sourceline}: iati-activities/@version is {version!r}; "
            f"this schema validates version {VERSION}"
        )
    schema = _schema()
    with _lock:
        if not schema.validate(document):
            errors += [f"line {e.line}: {e.message}" for e in schema.error_log]
    return errors


def assert_valid(xml: bytes) -> None:
    """Raise `InvalidDocument`, carrying every message of `validate`, unless ``xml`` is a
    valid IATI 2.03 activity file."""
    errors = validate(xml)
    if errors:
        raise InvalidDocument(errors)
