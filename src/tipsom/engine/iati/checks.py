"""Rules of the IATI standard that the XML Schema cannot check, applied to a `Programme`
before it is written: code values from the code lists, percentages of one vocabulary adding
up to 100, periods ending after they start, required values (a transaction's value date),
identifiers that link up. Every problem is collected and named by its place in the document
(``result[1]/indicator[2]/period[1]/period-end``), so one pass shows all that needs fixing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from tipsom.engine.iati.codes import (
    GCM_OBJECTIVES,
    GCM_VOCABULARY_URI,
    GENDER_SIGNIFICANCE,
    ActivityScope,
    ActivityStatus,
    BudgetStatus,
    BudgetType,
    DacPolicyMarker,
    IndicatorMeasure,
    OrganisationRole,
    PolicyMarkerVocabulary,
    PolicySignificance,
    ResultType,
    SectorVocabulary,
    TagVocabulary,
    TransactionType,
)
from tipsom.engine.iati.errors import InvalidProgramme
from tipsom.engine.iati.fields import COUNTRY, CURRENCY, LANGUAGE, Problems
from tipsom.engine.iati.model import (
    Baseline,
    Budget,
    Indicator,
    Organisation,
    Period,
    Programme,
    RecipientCountry,
    Result,
    Sector,
    Transaction,
)

DAC_DIGITS: dict[str, int] = {SectorVocabulary.DAC_5: 5, SectorVocabulary.DAC_3: 3}
SDG_TARGET = re.compile(r"\d{1,2}\.[0-9a-z]{1,2}")


def check(programme: Programme, today: dt.date | None = None) -> None:
    """Raise `InvalidProgramme` listing every rule of the IATI standard the programme breaks
    that the XML Schema cannot see. ``today`` (by default the current date) bounds actual
    dates: an actual start, end or transaction cannot lie in the future."""
    today = today or dt.date.today()
    found = Problems()
    _activity(found, programme, today)
    for i, country in enumerate(programme.recipient_countries, 1):
        found.pattern(f"recipient-country[{i}]/@code", country.code, COUNTRY, "an ISO 3166-1 code")
        found.text(f"recipient-country[{i}]", country.name, required=False)
    if not programme.recipient_countries:
        found.add("recipient-country", "at least one recipient country is required")
    countries: list[RecipientCountry] = list(programme.recipient_countries)
    found.shares("recipient-country", countries, [c.percentage for c in countries])
    _sectors(found, programme.sectors)
    _tags_and_markers(found, programme)
    for i, budget in enumerate(programme.budgets, 1):
        _budget(found, f"budget[{i}]", budget)
    _overlaps(found, programme.budgets)
    for i, transaction in enumerate(programme.transactions, 1):
        _transaction(found, f"transaction[{i}]", transaction, today)
    for i, result in enumerate(programme.results, 1):
        _result(found, f"result[{i}]", result)
    if found.found:
        raise InvalidProgramme(found.found)


def _activity(found: Problems, p: Programme, today: dt.date) -> None:
    found.identifier("iati-identifier", p.identifier)
    found.organisation("reporting-org", p.reporting_org, ref_required=True)
    ref = p.reporting_org.ref if isinstance(p.reporting_org, Organisation) else None
    if ref and isinstance(p.identifier, str) and not p.identifier.startswith(f"{ref}-"):
        found.add(
            "iati-identifier",
            f"{p.identifier!r} must begin with the reporting organisation's ref and a hyphen "
            f"({ref}-...)",
        )
    found.text("title", p.title)
    found.text("description[@type='1']", p.description)
    found.text("description[@type='2']", p.objectives, required=False)
    found.text("description[@type='3']", p.target_groups, required=False)
    if not p.participating_orgs:
        found.add("participating-org", "at least one participating organisation is required")
    for i, part in enumerate(p.participating_orgs, 1):
        found.organisation(f"participating-org[{i}]", part.org)
        found.code(f"participating-org[{i}]/@role", part.role, OrganisationRole)
        found.identifier(f"participating-org[{i}]/@activity-id", part.activity_id, False)
    found.code("activity-status/@code", p.status, ActivityStatus)
    found.date("activity-date[@type='1']", p.planned_start)
    if p.planned_end is not None and found.date("activity-date[@type='3']", p.planned_end):
        found.after("activity-date[@type='3']", p.planned_start, p.planned_end, "planned start")
    if p.actual_start is not None:
        found.date("activity-date[@type='2']", p.actual_start, today)
    if p.actual_end is not None and found.date("activity-date[@type='4']", p.actual_end, today):
        if p.actual_start is None:
            found.add("activity-date[@type='4']", "an actual end needs an actual start")
        found.after("activity-date[@type='4']", p.actual_start, p.actual_end, "actual start")
    if p.scope is not None:
        found.code("activity-scope/@code", p.scope, ActivityScope)
    found.pattern("@default-currency", p.default_currency, CURRENCY, "an ISO 4217 code")
    found.pattern("@xml:lang", p.default_language, LANGUAGE, "an ISO 639-1 code")
    if p.last_updated is not None and (
        not isinstance(p.last_updated, dt.datetime) or p.last_updated.utcoffset() is None
    ):
        found.add("@last-updated-datetime", "must be a timezone-aware datetime")


def _sectors(found: Problems, sectors: tuple[Sector, ...]) -> None:
    if not sectors:
        found.add("sector", "at least one sector is required (e.g. DAC 15190)")
    by_vocabulary: dict[str, list[Sector]] = defaultdict(list)
    for i, sector in enumerate(sectors, 1):
        where = f"sector[{i}]"
        if not found.code(f"{where}/@vocabulary", sector.vocabulary, SectorVocabulary):
            continue
        vocabulary = str(sector.vocabulary)
        by_vocabulary[vocabulary].append(sector)
        digits = DAC_DIGITS.get(vocabulary)
        if digits and not re.fullmatch(rf"\d{{{digits}}}", str(sector.code)):
            found.add(f"{where}/@code", f"{sector.code!r} is not a {digits}-digit DAC code")
        elif not str(sector.code).strip():
            found.add(f"{where}/@code", "is required")
        if vocabulary in (SectorVocabulary.REPORTING_ORG, SectorVocabulary.REPORTING_ORG_2):
            found.uri(f"{where}/@vocabulary-uri", sector.vocabulary_uri, "for vocabulary 98/99")
            found.text(where, sector.name)  # the standard asks for a narrative with 98/99
        else:
            found.text(where, sector.name, required=False)
    for vocabulary, members in by_vocabulary.items():
        where = f"sector[@vocabulary='{vocabulary}']"
        codes = [str(s.code) for s in members]
        if len(set(codes)) < len(codes):
            found.add(where, f"lists a code twice ({', '.join(codes)})")
        found.shares(where, members, [s.percentage for s in members])


def _tags_and_markers(found: Problems, p: Programme) -> None:
    seen: set[tuple[str, str | None, str]] = set()
    for i, tag in enumerate(p.tags, 1):
        where = f"tag[{i}]"
        found.text(where, tag.name, required=False)
        key = (str(tag.vocabulary), tag.vocabulary_uri, str(tag.code))
        if key in seen:
            found.add(where, f"repeats tag {tag.code} of vocabulary {tag.vocabulary}")
        seen.add(key)
        if not found.code(f"{where}/@vocabulary", tag.vocabulary, TagVocabulary):
            continue
        vocabulary = str(tag.vocabulary)
        if vocabulary == TagVocabulary.SDG_GOAL and str(tag.code) not in map(str, range(1, 18)):
            found.add(f"{where}/@code", f"{tag.code!r} is not an SDG goal (1–17)")
        elif vocabulary == TagVocabulary.SDG_TARGET:
            found.pattern(f"{where}/@code", tag.code, SDG_TARGET, "an SDG target such as 16.2")
        elif vocabulary == TagVocabulary.REPORTING_ORG:
            found.uri(f"{where}/@vocabulary-uri", tag.vocabulary_uri, "for vocabulary 99")
            gcm = map(str, GCM_OBJECTIVES)
            if tag.vocabulary_uri == GCM_VOCABULARY_URI and str(tag.code) not in gcm:
                found.add(f"{where}/@code", f"{tag.code!r} is not a GCM objective (1–23)")
    for i, marker in enumerate(p.policy_markers, 1):
        where = f"policy-marker[{i}]"
        found.text(where, marker.name, required=False)
        if not found.code(f"{where}/@vocabulary", marker.vocabulary, PolicyMarkerVocabulary):
            continue
        if str(marker.vocabulary) == PolicyMarkerVocabulary.REPORTING_ORG:
            found.uri(f"{where}/@vocabulary-uri", marker.vocabulary_uri, "for vocabulary 99")
            if marker.significance is not None:
                found.code(f"{where}/@significance", marker.significance, PolicySignificance)
            continue
        found.code(f"{where}/@code", marker.code, DacPolicyMarker)
        if marker.significance is None:
            found.add(f"{where}/@significance", "is required for OECD DAC markers")
        elif (
            found.code(f"{where}/@significance", marker.significance, PolicySignificance)
            and str(marker.code) == DacPolicyMarker.GENDER_EQUALITY
            and str(marker.significance) not in GENDER_SIGNIFICANCE
        ):
            found.add(
                f"{where}/@significance",
                f"the gender equality marker is scored 0, 1 or 2, not {marker.significance}",
            )


def _budget(found: Problems, where: str, budget: Budget) -> None:
    found.code(f"{where}/@type", budget.type, BudgetType)
    found.code(f"{where}/@status", budget.status, BudgetStatus)
    start_ok = found.date(f"{where}/period-start", budget.period_start)
    if found.date(f"{where}/period-end", budget.period_end) and start_ok:
        found.after(f"{where}/period-end", budget.period_start, budget.period_end)
        if budget.period_end > _year_after(budget.period_start):
            found.add(f"{where}/period-end", "a budget period must not be longer than a year")
    found.amount(f"{where}/value", budget.value)
    found.date(f"{where}/value/@value-date", budget.value_date)
    if budget.currency is not None:
        found.pattern(f"{where}/value/@currency", budget.currency, CURRENCY, "an ISO 4217 code")


def _overlaps(found: Problems, budgets: tuple[Budget, ...]) -> None:
    """Budgets of one type must not overlap: they would be counted twice."""
    dated = [
        (i, b)
        for i, b in enumerate(budgets, 1)
        if all(isinstance(d, dt.date) for d in (b.period_start, b.period_end))
    ]
    for n, (i, a) in enumerate(dated):
        for j, b in dated[n + 1 :]:
            same_type = str(a.type) == str(b.type)
            if same_type and a.period_start <= b.period_end and b.period_start <= a.period_end:
                found.add(f"budget[{j}]", f"overlaps budget[{i}] of the same type")


def _transaction(found: Problems, where: str, t: Transaction, today: dt.date) -> None:
    found.code(f"{where}/transaction-type/@code", t.type, TransactionType)
    found.date(f"{where}/transaction-date/@iso-date", t.date, today)
    found.amount(f"{where}/value", t.value)
    found.date(f"{where}/value/@value-date", t.value_date)
    if t.currency is not None:
        found.pattern(f"{where}/value/@currency", t.currency, CURRENCY, "an ISO 4217 code")
    found.text(f"{where}/description", t.description, required=False)
    for role, org, activity in (
        ("provider-org", t.provider, t.provider_activity_id),
        ("receiver-org", t.receiver, t.receiver_activity_id),
    ):
        if org is not None:
            found.organisation(f"{where}/{role}", org)
        if activity is not None:
            found.identifier(f"{where}/{role}/@{role[:-4]}-activity-id", activity)
    found.identifier(f"{where}/@ref", t.ref, required=False)


def _result(found: Problems, where: str, result: Result) -> None:
    found.code(f"{where}/@type", result.type, ResultType)
    found.text(f"{where}/title", result.title)
    found.text(f"{where}/description", result.description, required=False)
    if not result.indicators:
        found.add(f"{where}/indicator", "a result needs at least one indicator")
    for i, indicator in enumerate(result.indicators, 1):
        _indicator(found, f"{where}/indicator[{i}]", indicator)


def _indicator(found: Problems, where: str, indicator: Indicator) -> None:
    found.text(f"{where}/title", indicator.title)
    found.text(f"{where}/description", indicator.description, required=False)
    measured = found.code(f"{where}/@measure", indicator.measure, IndicatorMeasure)
    qualitative = str(indicator.measure) == IndicatorMeasure.QUALITATIVE
    if not isinstance(indicator.ascending, bool):
        found.add(f"{where}/@ascending", "must be True or False")

    def value(at: str, figure: object, required: bool = False) -> None:
        if not measured:
            return
        if qualitative and figure is not None:
            found.add(f"{at}/@value", "a qualitative indicator has comments, not values")
        elif not qualitative and figure is None and required:
            found.add(f"{at}/@value", "is required for a quantitative indicator")
        elif figure is not None:
            found.amount(f"{at}/@value", figure)

    if indicator.baseline is not None:
        _baseline(found, f"{where}/baseline", indicator.baseline)
        value(f"{where}/baseline", indicator.baseline.value, required=True)
    for i, period in enumerate(indicator.periods, 1):
        at = f"{where}/period[{i}]"
        _period(found, at, period)
        value(f"{at}/target", period.target)
        value(f"{at}/actual", period.actual)
        for j, split in enumerate(period.disaggregations, 1):
            value(f"{at}/disaggregation[{j}]/target", split.target)
            value(f"{at}/disaggregation[{j}]/actual", split.actual)


def _baseline(found: Problems, where: str, baseline: Baseline) -> None:
    year, day = baseline.year, baseline.iso_date
    year_ok = isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100
    if not year_ok:
        found.add(f"{where}/@year", f"{year!r} must be a year such as 2024")
    day_ok = day is not None and found.date(f"{where}/@iso-date", day)
    if year_ok and day_ok and day is not None and day.year != year:
        found.add(f"{where}/@iso-date", f"{day.isoformat()} is not in the year {year}")
    found.text(f"{where}/comment", baseline.comment, required=False)


def _period(found: Problems, where: str, period: Period) -> None:
    start_ok = found.date(f"{where}/period-start", period.start)
    if found.date(f"{where}/period-end", period.end) and start_ok:
        found.after(f"{where}/period-end", period.start, period.end)
    found.text(f"{where}/target/comment", period.target_comment, required=False)
    found.text(f"{where}/actual/comment", period.actual_comment, required=False)
    for j, split in enumerate(period.disaggregations, 1):
        at = f"{where}/disaggregation[{j}]"
        if not split.dimensions:
            found.add(at, "needs at least one dimension (e.g. sex = female)")
        names = [d.name for d in split.dimensions]
        if len(set(names)) < len(names):
            found.add(at, f"names a dimension twice ({', '.join(names)})")
        for d in split.dimensions:
            if not (isinstance(d.name, str) and d.name.strip()):
                found.add(f"{at}/dimension/@name", "is required")
            if not (isinstance(d.value, str) and d.value.strip()):
                found.add(f"{at}/dimension[@name='{d.name}']/@value", "is required")
        if split.target is None and split.actual is None:
            found.add(at, "gives neither a target nor an actual")


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
