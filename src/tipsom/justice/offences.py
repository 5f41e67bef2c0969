"""The offence list as first loaded (migration 0002); it is maintained in the database
afterwards. Penalty ranges are from the Acts as summarised in the project's domain notes;
where a range or section number was not verified it is left empty or said so, and a
sentence for such an offence is recorded with a warning that it was not checked."""

from __future__ import annotations

from typing import Any

APPROXIMATE = "Section number inferred from a secondary copy: treat it as approximate."
NO_RANGE = (
    "Penalty range not recorded yet: add it from the official text before relying on the "
    "sentence check."
)
MILLION = 1_000_000

OFFENCES: list[dict[str, Any]] = [
    {
        "code": "PTPA-3",
        "law": "ptpa_2018",
        "section": "3",
        "title": "Trafficking in persons",
        "min_months": None,
        "max_months": 7 * 12,
        "max_fine": MILLION,
        "fine_or_prison": True,
        "note": "Up to 7 years and/or a fine up to PKR 1 million. " + APPROXIMATE,
    },
    {
        "code": "PTPA-3-WC",
        "law": "ptpa_2018",
        "section": "3",
        "title": "Trafficking in persons: the victim a woman or a child",
        "min_months": 2 * 12,
        "max_months": 10 * 12,
        "max_fine": MILLION,
        "fine_or_prison": True,
        "note": "2 to 10 years and/or a fine up to PKR 1 million. " + APPROXIMATE,
    },
    {
        "code": "PTPA-4",
        "law": "ptpa_2018",
        "section": "4",
        "title": "Aggravated trafficking (serious injury or death, organised criminal group, "
        "destroying travel documents, repeat offence)",
        "min_months": 3 * 12,
        "max_months": 14 * 12,
        "max_fine": 2 * MILLION,
        "fine_or_prison": False,
        "note": "3 to 14 years and a fine up to PKR 2 million. " + APPROXIMATE,
    },
    {
        "code": "PSMA-3",
        "law": "psma_2018",
        "section": "3",
        "title": "Smuggling of migrants",
        "min_months": 3 * 12,
        "max_months": 5 * 12,
        "max_fine": MILLION,
        "fine_or_prison": False,
        "note": "3 to 5 years and a fine up to PKR 1 million. " + APPROXIMATE,
    },
    {
        "code": "PSMA-AGG",
        "law": "psma_2018",
        "section": "",
        "title": "Aggravated smuggling of migrants",
        "min_months": None,
        "max_months": 14 * 12,
        "max_fine": None,
        "fine_or_prison": False,
        "note": "Up to 14 years. Section and the least sentence not verified.",
    },
    {
        "code": "EO-1979",
        "law": "emigration_1979",
        "section": "",
        "title": "Offence under the Emigration Ordinance 1979",
        "min_months": None,
        "max_months": None,
        "max_fine": None,
        "fine_or_prison": True,
        "note": NO_RANGE,
    },
    {
        "code": "PA-1974",
        "law": "passport_1974",
        "section": "",
        "title": "Offence under the Passport Act 1974",
        "min_months": None,
        "max_months": None,
        "max_fine": None,
        "fine_or_prison": True,
        "note": NO_RANGE,
    },
]


def load(model: Any) -> None:
    """Put the list into ``model`` (the Offence model, or the migration's historical one)."""
    for row in OFFENCES:
        model.objects.update_or_create(code=row["code"], defaults=row)
