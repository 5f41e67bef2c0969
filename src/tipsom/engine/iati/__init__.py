"""A joint programme published as IATI activity data (the IATI activity standard, 2.03).

The Migration MPTF's joint programmes report who funds and implements them, their budgets,
the money moved (incoming funds, commitments, disbursements, expenditure) and their results
framework (outcomes, outputs, indicators with baseline, targets and actuals) in IATI. `model`
describes a programme as plain frozen dataclasses; `check` applies the IATI rules the XML
Schema cannot (code values, percentages adding to 100, dates in order) and raises
`InvalidProgramme` naming every problem; `to_xml` writes the activity file in the schema's
element order; `validate` and `assert_valid` check a file against the official 2.03 XML
Schema shipped in ``schema/``.

IATI has no vocabulary for the objectives of the Global Compact for Migration: they are
written as ``<tag vocabulary="99">`` with the resolution that defines them (A/RES/73/195) as
vocabulary-uri (`gcm_objective`). A tag, unlike a sector, claims no share of the money, and
a programme serving objectives 9 and 10 has no true split between them. Nothing here knows
Django.
"""

from tipsom.engine.iati.checks import check
from tipsom.engine.iati.errors import InvalidDocument, InvalidProgramme
from tipsom.engine.iati.model import (
    Baseline,
    Budget,
    Dimension,
    Disaggregation,
    Indicator,
    Narrative,
    Organisation,
    ParticipatingOrg,
    Period,
    PolicyMarker,
    Programme,
    RecipientCountry,
    Result,
    Sector,
    Tag,
    Text,
    Transaction,
    gcm_objective,
    gender_equality_marker,
    text,
)
from tipsom.engine.iati.validation import assert_valid, validate
from tipsom.engine.iati.writer import to_xml

__all__ = [
    "Baseline",
    "Budget",
    "Dimension",
    "Disaggregation",
    "Indicator",
    "InvalidDocument",
    "InvalidProgramme",
    "Narrative",
    "Organisation",
    "ParticipatingOrg",
    "Period",
    "PolicyMarker",
    "Programme",
    "RecipientCountry",
    "Result",
    "Sector",
    "Tag",
    "Text",
    "Transaction",
    "assert_valid",
    "check",
    "gcm_objective",
    "gender_equality_marker",
    "text",
    "to_xml",
    "validate",
]
