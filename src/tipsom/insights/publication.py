"""What a release holds, made from an extract and the database: the published tables (persons,
deduplicated through linkage, per year; differentially private noise, then small-cell
suppression) and the synthetic microdata (CTDC 2024 layout, one row per person), with the
privacy budget each part spends and the methods text that explains them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import pandas as pd

from tipsom.engine.exchange import ctdc as ctdc_export
from tipsom.engine.indicators import TOTAL, Filters, Table, codes, compute_all
from tipsom.insights.models import Extract
from tipsom.insights.selectors import PROVINCES

# The tables a release publishes (their persons column), and the dataset each draws on.
PUBLISHED = {
    "glotip_victims_sex": "victims",
    "glotip_victims_age": "victims",
    "glotip_victims_form": "victims",
    "sdg_16_2_2_province": "victims",
    "glotip_persons_sex": "suspects",
}
SYNTHETIC_DATASET = "victims"


def asked(parameters: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """The privacy budget a release with these parameters asks of each dataset, checked
    before any noise is drawn."""
    found: dict[str, list[tuple[str, float]]] = {}
    for table_id, dataset in PUBLISHED.items():
        found.setdefault(dataset, []).append((f"table {table_id}", parameters["epsilon_tables"]))
    found.setdefault(SYNTHETIC_DATASET, []).append(
        ("synthetic microdata", parameters["epsilon_synthetic"])
    )
    return found


@dataclass
class Made:
    tables: list[dict[str, Any]]
    spends: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    synthetic_csv: bytes = b""
    synthetic_rows: int = 0
    utility: dict[str, Any] = field(default_factory=dict)
    method: str = ""


# Every value a published table's dimensions may take, from public lists: a row must never
# appear (or be missing) because of what the data hold.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male", "other_unknown"),  # as UNODC's tables break sex down
    "age_group": codes.AGE_GROUPS,
    "form": codes.FORMS,
    "province": (*PROVINCES, codes.UNKNOWN),
    "stage": tuple(codes.STAGES),
}


def _published_table(table: Table, parameters: dict[str, Any]) -> tuple[Table, float]:
    """The table's persons for every year of the release and every category of a public
    list: noised, then suppressed below the threshold with complementary cells. A person
    counts once a year in each combination of the other dimensions (a suspect once per
    stage and year), so one person moves the table by at most that many: the noise's
    sensitivity. Returns the table and the epsilon OpenDP says the noise cost."""
    import numpy as np

    from tipsom.engine.privacy import dp, suppression

    dims = [c.name for c in table.columns if c.kind == "dimension"]
    unknown = [d for d in dims if d != "year" and d not in CATEGORIES]
    if unknown:
        raise ValueError(f"{table.id}: no public list of categories for {', '.join(unknown)}")
    years = tuple(range(parameters["year_from"], parameters["year_to"] + 1))
    found = {
        tuple(r[d] for d in dims): int(r["persons"] or 0)
        for r in table.records()
        if r["year"] != TOTAL
    }
    keys = list(product(*[years if d == "year" else CATEGORIES[d] for d in dims]))
    strays = set(found) - set(keys)
    if strays:
        raise ValueError(f"{table.id}: rows outside the public categories: {sorted(strays)}")
    per_person = len(keys) // len(CATEGORIES[dims[-1]])  # one cell of each such slice
    noisy, spent, _ = dp.noisy_vector(
        np.asarray([found.get(key, 0) for key in keys]),
        parameters["epsilon_tables"],
        sensitivity=per_person,
    )
    kept = [c for c in table.columns if c.name in dims] + [
        c for c in table.columns if c.name == "persons"
    ]
    published = Table(
        id=table.id,
        title=table.title,
        group=table.group,
        columns=kept,
        rows=[[*key, max(0, int(n))] for key, n in zip(keys, noisy, strict=True)],
        note=table.note,
    )
    rule = suppression.Rule(f"k = {parameters['threshold']}", threshold=parameters["threshold"])
    protected = suppression.suppress_table(published, "persons", ("year", dims[-1]), rule)
    return protected.table, spent


def ctdc_rows(year_from: int, year_to: int) -> Iterator[dict[str, str]]:
    """One CTDC 2024 row per person (identity) identified as a victim of trafficking in the
    period: the earliest of their records. Read network-wide: nothing of it is published
    but through the synthesis."""
    from tipsom.cases.models import CaseRole
    from tipsom.exchange import mapping

    roles = (
        CaseRole.objects.filter(
            role="victim",
            case__type__in=["trafficking", "both"],
            case__opened_on__year__gte=year_from,
            case__opened_on__year__lte=year_to,
        )
        .select_related("case", "person", "person__identity_link")
        .order_by("case__opened_on", "pk")
    )
    seen: set[str] = set()
    for role in roles.iterator(chunk_size=500):
        link = getattr(role.person, "identity_link", None)
        key = f"i{link.identity_id}" if link else f"p{role.person_id}"
        if key in seen:
            continue
        seen.add(key)
        yield ctdc_export.ctdc_2024_row(mapping.record_of(role.case, role.person, role.role))


def codebook(year_from: int, year_to: int) -> dict[str, tuple[str, ...]]:
    """Every value each CTDC 2024 variable may take, from public lists only (the period's
    years, the standard's bands and genders, every ISO 3166 country), never from the data:
    a category only one person has must not show by being a category."""
    import pycountry

    from tipsom.engine.standards import ctdc

    countries = tuple(sorted(c.alpha_3 for c in pycountry.countries))
    fixed = {
        "yearOfRegistration": tuple(str(y) for y in range(year_from, year_to + 1)),
        "gender": ctdc.GENDERS_2024,
        "ageBroad": tuple(band.label_2024 for band in ctdc.AGE_BANDS),
        "citizenship": countries,
        "CountryOfExploitation": countries,
        "traffickMonths": ctdc.TRAFFICK_MONTHS,
    }
    return {name: (*fixed.get(name, ("1",)), "") for name in ctdc_export.CTDC_2024_COLUMNS}


def _synthetic(
    parameters: dict[str, Any], seed: int | None
) -> tuple[bytes, int, dict[str, Any], float]:
    from tipsom.engine.privacy import synthesis, utility

    categories = codebook(parameters["year_from"], parameters["year_to"])
    real = pd.DataFrame(
        list(ctdc_rows(parameters["year_from"], parameters["year_to"])),
        columns=list(ctdc_export.CTDC_2024_COLUMNS),
    ).fillna("")
    if len(real) < parameters["resolution"]:
        return b"", 0, {"skipped": "fewer records than the resolution"}, 0.0
    made = synthesis.synthesize(
        real,
        epsilon=parameters["epsilon_synthetic"],
        rows=parameters["synthetic_rows"] or None,
        resolution=parameters["resolution"],
        reporting_length=parameters["reporting_length"],
        seed=seed,
        categories=categories,
    )
    if made.frame.empty:  # the model was measured: its epsilon is spent all the same
        return b"", 0, {"skipped": "no synthetic record met the resolution"}, made.epsilon
    quality = utility.utility(
        real, made.frame, categories=categories, resolution=parameters["resolution"]
    )
    out = io.StringIO()
    made.frame.to_csv(out, index=False)
    return out.getvalue().encode(), len(made.frame), quality.as_dict(), made.epsilon


def build(extract: Extract, parameters: dict[str, Any], seed: int | None = None) -> Made:
    from tipsom.insights.selectors import directory

    filters = Filters(parameters["year_from"], parameters["year_to"])
    report = compute_all(directory(extract), filters)
    made = Made(tables=[])
    for table_id, dataset in PUBLISHED.items():
        published, spent = _published_table(report.table(table_id), parameters)
        made.tables.append(published.to_dict())
        made.spends.setdefault(dataset, []).append((f"table {table_id}", spent))
    csv, rows, quality, spent = _synthetic(parameters, seed)
    made.synthetic_csv, made.synthetic_rows, made.utility = csv, rows, quality
    if spent:
        made.spends.setdefault(SYNTHETIC_DATASET, []).append(("synthetic microdata", spent))
    made.method = method(parameters, report.period, rows)
    return made


def method(parameters: dict[str, Any], period: str, rows: int) -> str:
    p = parameters
    text = [
        f"Period: {p['year_from']}–{p['year_to']} ({period or 'no records'}). The tables count "
        "persons, deduplicated through record linkage across organisations, per year; every "
        "year and category is listed, with or without records.",
        f"Each table's counts carry differentially private noise (epsilon {p['epsilon_tables']} "
        "per table; one person counts once a year in a table, a suspect once per stage). "
        "Counts below "
        f"{p['threshold']} are then suppressed, with further cells suppressed so that no "
        "suppressed count can be worked out from the published cells and totals.",
    ]
    if rows:
        text.append(
            f"The microdata are synthetic: {rows} records in CTDC's 2024 layout, drawn from a "
            f"differentially private model of the real records (epsilon "
            f"{p['epsilon_synthetic']}); no combination of up to {p['reporting_length']} "
            f"values occurs fewer than {p['resolution']} times. They describe no real person."
        )
    return " ".join(text)
