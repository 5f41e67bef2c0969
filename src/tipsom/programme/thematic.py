"""The Migration MPTF's five thematic areas, as first loaded (migration 0002). The fund groups
the 23 objectives of the Global Compact for Migration under them; the grouping below is the
one in the fund's terms of reference as we know it. The list is kept in the database
afterwards (`ThematicArea`): correct or extend it there if the fund revises it."""

from __future__ import annotations

from typing import Any

AREAS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Promoting fact-based and data-driven migration discourse, policy and planning",
        "gcm_objectives": [1, 3, 7, 17, 23],
    },
    {
        "number": 2,
        "title": "Protecting the human rights, safety and wellbeing of migrants, including "
        "through addressing drivers and mitigating situations of vulnerability in migration",
        "gcm_objectives": [2, 7, 8, 12, 13],
    },
    {
        "number": 3,
        "title": "Addressing irregular migration, including through managing borders and "
        "combatting transnational crime",
        "gcm_objectives": [9, 10, 11, 14, 21],
    },
    {
        "number": 4,
        "title": "Facilitating regular migration, decent work and enhancing the positive "
        "development effects of human mobility",
        "gcm_objectives": [5, 6, 18, 19, 20, 22],
    },
    {
        "number": 5,
        "title": "Improving the social inclusion and integration of migrants",
        "gcm_objectives": [4, 15, 16],
    },
]


def load(model: Any) -> None:
    """Put the five areas in ``model``'s table (leaving any edited since untouched)."""
    for area in AREAS:
        model.objects.get_or_create(
            number=area["number"],
            defaults={"title": area["title"], "gcm_objectives": area["gcm_objectives"]},
        )
