"""A joint programme as plain frozen dataclasses: what `to_xml` turns into an IATI activity.

Each class mirrors one IATI element and names its fields after the element's attributes and
children. Codes are strings from the lists in `engine.iati.codes` (an enum member or its plain
code); money is a `Decimal` (or an int) in the programme's default currency unless a currency
is given; dates are `datetime.date`. Free text is a `Text`: one narrative per language, made
with `text("English", ur="اردو")`. Nothing here checks values: `check` does, for the whole
programme at once, naming each problem by its place in the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tipsom.engine.iati.codes import (
    GCM_OBJECTIVES,
    GCM_VOCABULARY_URI,
    BudgetStatus,
    BudgetType,
    DacPolicyMarker,
    IndicatorMeasure,
    PolicyMarkerVocabulary,
    SectorVocabulary,
    TagVocabulary,
)

Amount = Decimal | int


@dataclass(frozen=True)
class Narrative:
    """One language's version of a text; ``lang`` is an ISO 639-1 code (en, ur)."""

    text: str
    lang: str = "en"


@dataclass(frozen=True)
class Text:
    """A text in one or more languages, written as one ``<narrative xml:lang="..">`` each."""

    narratives: tuple[Narrative, ...]


def text(english: str, /, **translations: str) -> Text:
    """A text in English and, optionally, other languages by ISO 639-1 code:
    ``text("Counter-trafficking programme", ur="انسانی اسمگلنگ کے خلاف پروگرام")``."""
    return Text((Narrative(english), *(Narrative(t, lang) for lang, t in translations.items())))


@dataclass(frozen=True)
class Organisation:
    """An organisation as IATI names it. ``ref`` is its IATI organisation identifier
    ({registration agency}-{number}, e.g. XM-DAC-47066 for IOM); leave it out when the
    organisation has none (a ministry or NGO without one) and the name stands alone.
    ``type`` is an `OrganisationType` code."""

    name: Text
    ref: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class ParticipatingOrg:
    """An organisation's part in the programme. ``role`` is an `OrganisationRole` code:
    1 funding (the fund or donor), 2 accountable (a participating UN organisation answering
    for funds it receives), 3 extending (manages funds for the funder: the administrative
    agent), 4 implementing. An organisation with two roles appears twice.
    ``activity_id``: its own IATI identifier for its part of the work, if it publishes one."""

    org: Organisation
    role: str
    activity_id: str | None = None


@dataclass(frozen=True)
class RecipientCountry:
    """A country the programme benefits: ISO 3166-1 alpha-2 ``code`` (PK) and its share of
    the programme in percent (may be left out when it is the only one)."""

    code: str
    percentage: Amount | None = None
    name: Text | None = None


@dataclass(frozen=True)
class Sector:
    """A purpose of the programme: a code from ``vocabulary`` (a `SectorVocabulary` code; by
    default DAC 5-digit purpose codes such as 15190) and its share of the budget. Shares of
    one vocabulary add up to 100. Vocabularies 98 and 99 (the reporting organisation's own)
    need ``vocabulary_uri`` saying where the codes are defined."""

    code: str
    percentage: Amount | None = None
    vocabulary: str = SectorVocabulary.DAC_5
    vocabulary_uri: str | None = None
    name: Text | None = None


@dataclass(frozen=True)
class Tag:
    """A label from a taxonomy that, unlike a sector, claims no share of the money: an SDG
    goal (vocabulary 2) or target (3), or a code of the reporting organisation's own
    vocabulary (99) defined at ``vocabulary_uri`` (GCM objectives: see `gcm_objective`)."""

    code: str
    vocabulary: str
    vocabulary_uri: str | None = None
    name: Text | None = None


def gcm_objective(number: int) -> Tag:
    """The tag for objective ``number`` (1–23) of the Global Compact for Migration:
    vocabulary 99 (IATI has no GCM vocabulary) defined by resolution A/RES/73/195."""
    title = GCM_OBJECTIVES.get(number, "")
    return Tag(
        code=str(number),
        vocabulary=TagVocabulary.REPORTING_ORG,
        vocabulary_uri=GCM_VOCABULARY_URI,
        name=text(f"GCM objective {number}: {title}") if title else None,
    )


@dataclass(frozen=True)
class PolicyMarker:
    """A policy the programme addresses and how much (``significance``, a `PolicySignificance`
    code). By default an OECD DAC marker (vocabulary 1, ``code`` a `DacPolicyMarker` code:
    1 gender equality, scored 0–2); vocabulary 99 carries the reporting organisation's own
    markers, defined at ``vocabulary_uri``."""

    code: str
    significance: str | None = None
    vocabulary: str = PolicyMarkerVocabulary.DAC
    vocabulary_uri: str | None = None
    name: Text | None = None


def gender_equality_marker(significance: int | str) -> PolicyMarker:
    """The OECD DAC gender equality marker: 0 not targeted, 1 significant objective,
    2 principal objective."""
    return PolicyMarker(code=DacPolicyMarker.GENDER_EQUALITY, significance=str(significance))


@dataclass(frozen=True)
class Budget:
    """The programme's budget for one period of at most a year. ``type``: a `BudgetType` code
    (1 original, 2 revised); ``status``: a `BudgetStatus` code (1 indicative, 2 committed);
    ``value_date``: the date for converting the value to another currency."""

    period_start: dt.date
    period_end: dt.date
    value: Amount
    value_date: dt.date
    type: str = BudgetType.ORIGINAL
    status: str = BudgetStatus.INDICATIVE
    currency: str | None = None


@dataclass(frozen=True)
class Transaction:
    """Money committed or moved: ``type`` is a `TransactionType` code (1 incoming funds,
    2 outgoing commitment, 3 disbursement, 4 expenditure, ...), ``date`` when it happened,
    ``value_date`` the date for currency conversion (required: usually the same day),
    ``provider`` and ``receiver`` who paid and who received, with the IATI identifiers of
    their own activities when they publish them. ``ref`` links back to the ledger entry."""

    type: str
    date: dt.date
    value: Amount
    value_date: dt.date | None
    description: Text | None = None
    provider: Organisation | None = None
    provider_activity_id: str | None = None
    receiver: Organisation | None = None
    receiver_activity_id: str | None = None
    currency: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Dimension:
    """One category of a disaggregation: ``Dimension("sex", "female")``."""

    name: str
    value: str


@dataclass(frozen=True)
class Disaggregation:
    """A period's target and actual for one combination of categories (female; female aged
    0–17 in Punjab), written as extra ``<target>``/``<actual>`` elements with dimensions."""

    dimensions: tuple[Dimension, ...]
    target: Amount | None = None
    actual: Amount | None = None


@dataclass(frozen=True)
class Baseline:
    """Where the indicator stood before the programme: ``year`` and, optionally, the exact
    date (in that year) and a comment. Qualitative indicators have a comment, no value."""

    year: int
    value: Amount | None = None
    iso_date: dt.date | None = None
    comment: Text | None = None


@dataclass(frozen=True)
class Period:
    """A reporting period of an indicator with its target and actual (for the whole
    population) and any ``disaggregations``. Comments say what a figure rests on."""

    start: dt.date
    end: dt.date
    target: Amount | None = None
    actual: Amount | None = None
    disaggregations: tuple[Disaggregation, ...] = ()
    target_comment: Text | None = None
    actual_comment: Text | None = None


@dataclass(frozen=True)
class Indicator:
    """How a result is measured. ``measure``: an `IndicatorMeasure` code (1 unit,
    2 percentage, ...; 5 qualitative has comments instead of values). ``ascending``: True
    when more is better (victims assisted), False when less is (days to referral)."""

    title: Text
    measure: str = IndicatorMeasure.UNIT
    ascending: bool = True
    description: Text | None = None
    baseline: Baseline | None = None
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True)
class Result:
    """A result of the results framework: ``type`` a `ResultType` code (1 output,
    2 outcome, 3 impact), measured by one or more indicators."""

    type: str
    title: Text
    indicators: tuple[Indicator, ...]
    description: Text | None = None


@dataclass(frozen=True)
class Programme:
    """A joint programme, reported as one IATI activity.

    ``identifier``: the IATI activity identifier, the reporting organisation's ref, a hyphen
    and its own number for the programme (it never changes once published).
    ``reporting_org``: the publisher, with ``ref`` and ``type`` (required).
    ``status``: an `ActivityStatus` code (1 pipeline ... 6 suspended).
    ``description`` is the general description; ``objectives`` and ``target_groups`` are
    written as descriptions of those types when given.
    ``scope``: an `ActivityScope` code (4 national). Dates: the planned start is required;
    actual dates are added as they happen (never in the future).
    ``default_currency`` applies to every value without its own currency;
    ``default_language`` is the language of narratives the activity does not mark.
    ``last_updated``: when the programme's data last changed (timezone-aware)."""

    identifier: str
    reporting_org: Organisation
    title: Text
    description: Text
    status: str
    planned_start: dt.date
    participating_orgs: tuple[ParticipatingOrg, ...]
    recipient_countries: tuple[RecipientCountry, ...]
    sectors: tuple[Sector, ...]
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    objectives: Text | None = None
    target_groups: Text | None = None
    scope: str | None = None
    tags: tuple[Tag, ...] = ()
    policy_markers: tuple[PolicyMarker, ...] = ()
    budgets: tuple[Budget, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    results: tuple[Result, ...] = ()
    default_currency: str = "USD"
    default_language: str = "en"
    last_updated: dt.datetime | None = None
