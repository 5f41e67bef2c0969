"""`to_xml`: a checked `Programme` written as an IATI 2.03 activity file.

The 2.03 schema declares an activity's children (and those of budget, transaction, result,
indicator, period) as ``xsd:sequence``: order matters, and each function below writes its
element's children in the schema's order. Every narrative carries its ``xml:lang``; dates are
ISO 8601; values are plain decimals (never ``1E+5``, which ``xsd:decimal`` refuses).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lxml import etree

from tipsom.engine.iati.checks import check
from tipsom.engine.iati.codes import ActivityDateType, DescriptionType
from tipsom.engine.iati.model import (
    Amount,
    Budget,
    Dimension,
    Indicator,
    Organisation,
    Programme,
    Result,
    Text,
    Transaction,
)
from tipsom.engine.iati.validation import assert_valid

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Element = Any  # lxml.etree._Element (lxml ships no type information)


def to_xml(programme: Programme, generated: dt.datetime) -> bytes:
    """The programme as an IATI 2.03 activity file (UTF-8 bytes): ``<iati-activities>``
    holding one ``<iati-activity>``. ``generated`` (timezone-aware) is the file's
    generated-datetime and the day against which actual dates must have passed.

    Raises `InvalidProgramme` listing what the IATI rules refuse (bad codes, percentages
    not adding to 100, periods ending before they start, missing value dates), and
    `InvalidDocument` should the written file still fail the official schema: no file this
    returns is one the schema refuses."""
    if not isinstance(generated, dt.datetime) or generated.utcoffset() is None:
        raise ValueError("generated must be a timezone-aware datetime (e.g. in UTC)")
    check(programme, today=generated.date())
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")},
    )
    _activity(root, programme)
    document: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    assert_valid(document)
    return document


def _activity(root: Element, p: Programme) -> None:
    updated = p.last_updated.isoformat(timespec="seconds") if p.last_updated else None
    activity = _add(
        root,
        "iati-activity",
        {
            "last-updated-datetime": updated,
            XML_LANG: p.default_language,
            "default-currency": p.default_currency,
        },
    )
    _add(activity, "iati-identifier", text=p.identifier)
    _org(activity, "reporting-org", p.reporting_org)
    _narratives(_add(activity, "title"), p.title)
    for kind, description in (
        (DescriptionType.GENERAL, p.description),
        (DescriptionType.OBJECTIVES, p.objectives),
        (DescriptionType.TARGET_GROUPS, p.target_groups),
    ):
        if description is not None:
            _narratives(_add(activity, "description", {"type": kind}), description)
    for part in p.participating_orgs:
        extra = {"role": str(part.role), "activity-id": part.activity_id}
        _org(activity, "participating-org", part.org, extra)
    _add(activity, "activity-status", {"code": str(p.status)})
    for date_type, day in (
        (ActivityDateType.PLANNED_START, p.planned_start),
        (ActivityDateType.ACTUAL_START, p.actual_start),
        (ActivityDateType.PLANNED_END, p.planned_end),
        (ActivityDateType.ACTUAL_END, p.actual_end),
    ):
        if day is not None:
            _add(activity, "activity-date", {"type": date_type, "iso-date": day.isoformat()})
    if p.scope is not None:
        _add(activity, "activity-scope", {"code": str(p.scope)})
    for country in p.recipient_countries:
        attrs = {"code": country.code, "percentage": _decimal(country.percentage)}
        _narratives(_add(activity, "recipient-country", attrs), country.name)
    for sector in p.sectors:
        attrs = _vocabulary(sector.vocabulary, sector.vocabulary_uri, sector.code)
        attrs["percentage"] = _decimal(sector.percentage)
        _narratives(_add(activity, "sector", attrs), sector.name)
    for tag in p.tags:
        attrs = _vocabulary(tag.vocabulary, tag.vocabulary_uri, tag.code)
        _narratives(_add(activity, "tag", attrs), tag.name)
    for marker in p.policy_markers:
        attrs = _vocabulary(marker.vocabulary, marker.vocabulary_uri, marker.code)
        attrs["significance"] = None if marker.significance is None else str(marker.significance)
        _narratives(_add(activity, "policy-marker", attrs), marker.name)
    for budget in p.budgets:
        _budget(activity, budget)
    for transaction in p.transactions:
        _transaction(activity, transaction)
    for result in p.results:
        _result(activity, result)


def _budget(activity: Element, budget: Budget) -> None:
    element = _add(activity, "budget", {"type": str(budget.type), "status": str(budget.status)})
    _add(element, "period-start", {"iso-date": budget.period_start.isoformat()})
    _add(element, "period-end", {"iso-date": budget.period_end.isoformat()})
    _value(element, budget.value, budget.value_date, budget.currency)


def _transaction(activity: Element, t: Transaction) -> None:
    element = _add(activity, "transaction", {"ref": t.ref})
    _add(element, "transaction-type", {"code": str(t.type)})
    _add(element, "transaction-date", {"iso-date": t.date.isoformat()})
    _value(element, t.value, t.value_date, t.currency)
    if t.description is not None:
        _narratives(_add(element, "description"), t.description)
    if t.provider is not None:
        _org(element, "provider-org", t.provider, {"provider-activity-id": t.provider_activity_id})
    if t.receiver is not None:
        _org(element, "receiver-org", t.receiver, {"receiver-activity-id": t.receiver_activity_id})


def _result(activity: Element, result: Result) -> None:
    element = _add(activity, "result", {"type": str(result.type)})
    _narratives(_add(element, "title"), result.title)
    if result.description is not None:
        _narratives(_add(element, "description"), result.description)
    for indicator in result.indicators:
        _indicator(element, indicator)


def _indicator(result: Element, indicator: Indicator) -> None:
    element = _add(
        result,
        "indicator",
        {
            "measure": str(indicator.measure),
            "ascending": "true" if indicator.ascending else "false",
        },
    )
    _narratives(_add(element, "title"), indicator.title)
    if indicator.description is not None:
        _narratives(_add(element, "description"), indicator.description)
    baseline = indicator.baseline
    if baseline is not None:
        attrs = {
            "year": str(baseline.year),
            "iso-date": baseline.iso_date.isoformat() if baseline.iso_date else None,
            "value": _decimal(baseline.value),
        }
        _comment(_add(element, "baseline", attrs), baseline.comment)
    for period in indicator.periods:
        at = _add(element, "period")
        _add(at, "period-start", {"iso-date": period.start.isoformat()})
        _add(at, "period-end", {"iso-date": period.end.isoformat()})
        # All targets come before all actuals: the whole population, then each category.
        _figure(at, "target", period.target, (), period.target_comment)
        for split in period.disaggregations:
            _figure(at, "target", split.target, split.dimensions)
        _figure(at, "actual", period.actual, (), period.actual_comment)
        for split in period.disaggregations:
            _figure(at, "actual", split.actual, split.dimensions)


def _figure(
    period: Element,
    tag: str,
    value: Amount | None,
    dimensions: tuple[Dimension, ...],
    comment: Text | None = None,
) -> None:
    """A target or actual (dimensions, then comment, as the schema orders them); none at
    all when there is neither a value nor a comment."""
    if value is None and comment is None:
        return
    element = _add(period, tag, {"value": _decimal(value)})
    for dimension in dimensions:
        _add(element, "dimension", {"name": dimension.name, "value": dimension.value})
    _comment(element, comment)


def _comment(parent: Element, comment: Text | None) -> None:
    if comment is not None:
        _narratives(_add(parent, "comment"), comment)


def _org(
    parent: Element, tag: str, org: Organisation, extra: dict[str, str | None] | None = None
) -> None:
    attrs: dict[str, str | None] = {
        "ref": org.ref,
        "type": None if org.type is None else str(org.type),
    }
    _narratives(_add(parent, tag, {**attrs, **(extra or {})}), org.name)


def _value(
    parent: Element, value: Amount, value_date: dt.date | None, currency: str | None
) -> None:
    attrs = {"currency": currency, "value-date": value_date.isoformat() if value_date else None}
    _add(parent, "value", attrs, text=_decimal(value))


def _vocabulary(vocabulary: str, uri: str | None, code: str) -> dict[str, str | None]:
    return {"vocabulary": str(vocabulary), "vocabulary-uri": uri, "code": str(code)}


def _narratives(parent: Element, value: Text | None) -> None:
    for narrative in value.narratives if value is not None else ():
        _add(parent, "narrative", {XML_LANG: narrative.lang}, text=narrative.text)


def _add(
    parent: Element, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None
) -> Element:
    """A child element with the attributes that have a value (None leaves one out)."""
    element = etree.SubElement(
        parent, tag, {k: v for k, v in (attrs or {}).items() if v is not None}
    )
    element.text = text
    return element


def _decimal(value: Amount | None) -> str | None:
    return None if value is None else format(Decimal(value), "f")
