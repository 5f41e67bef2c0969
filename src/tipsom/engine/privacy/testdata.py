"""Generated victim records in CTDC's 2024 synthetic-dataset layout, for tests and
benchmarks of the privacy code: seeded, with the dependencies a real register shows.

Women are mostly sexually exploited and men mostly in forced labour; children are more
often exploited sexually and recruited by family; sectors are set only for forced labour and
forms of sexual exploitation only for sexual exploitation; debt bondage goes with labour,
abuse with sexual exploitation; most victims are Pakistani and exploited at home, the rest
in the Gulf, Malaysia or Europe; years and time in trafficking are often missing. Values are
written as in the published file: flags ``1`` or empty, countries ISO alpha-3, a missing
value empty. No real person is in it: every value is drawn at random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tipsom.engine.standards.ctdc import (
    AGE_BANDS,
    GENDERS_2024,
    TRAFFICK_MONTHS,
    TRANS,
    VARIABLES_2024,
)

MISSING = ""  # how the 2024 file writes a missing value (and an unset flag)
FLAG = "1"
YEARS = tuple(str(year) for year in range(2008, 2024))
AGES = tuple(band.label_2024 for band in AGE_BANDS)
# Citizenships: a South Asian register (Pakistani victims and migrants through Pakistan).
CITIZENSHIPS = ("PAK", "AFG", "BGD", "IND", "IRN", "MMR", "NPL", "LKA", "CHN", "NGA", "PHL", "IDN")
CITIZENSHIP_P = (0.78, 0.08, 0.04, 0.02, 0.02, 0.015, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005)
# Where people are exploited away from home.
ABROAD = (
    "SAU", "ARE", "OMN", "QAT", "KWT", "BHR", "MYS", "THA", "TUR", "IRN", "GBR", "ITA",
    "GRC", "LBY", "AFG", "IND", "CHN", "USA",
)  # fmt: skip
ABROAD_P = np.array([18, 16, 6, 5, 4, 2, 6, 3, 6, 6, 3, 3, 2, 2, 3, 3, 2, 1], dtype=float)
COUNTRIES = tuple(sorted(set(CITIZENSHIPS) | set(ABROAD)))
FLAGS = tuple(v for v in VARIABLES_2024 if v not in {
    "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation",
    "traffickMonths",
})  # fmt: skip

# The public codebook: every value each variable may take (missing included). Synthesis
# takes its categories from here, never from the data.
CATEGORIES_2024: dict[str, tuple[str, ...]] = {
    "yearOfRegistration": (*YEARS, MISSING),
    "gender": (*GENDERS_2024, MISSING),
    "ageBroad": (*AGES, MISSING),
    "citizenship": (*COUNTRIES, MISSING),
    "CountryOfExploitation": (*COUNTRIES, MISSING),
    "traffickMonths": (*TRAFFICK_MONTHS, MISSING),
    **{flag: (FLAG, MISSING) for flag in FLAGS},
}
assert tuple(CATEGORIES_2024) == tuple(v for v in VARIABLES_2024 if v in CATEGORIES_2024)


def ctdc_2024(size: int, *, seed: int = 2024) -> pd.DataFrame:
    """``size`` generated records in the 2024 layout: the 27 variables in codebook order,
    each a pandas Categorical with the categories of `CATEGORIES_2024`."""
    if size < 0:
        raise ValueError(f"size must be >= 0, not {size}")
    rng = np.random.default_rng(seed)
    n = size
    columns: dict[str, np.ndarray] = {}

    def flag(p: np.ndarray | float) -> np.ndarray:
        return np.where(rng.random(n) < p, FLAG, MISSING).astype(object)

    # Gender: few trans persons, a few records without gender.
    gender_p = np.array([0.60, 0.37, 0.006, 0.024])
    gender = rng.choice(len(gender_p), size=n, p=gender_p)
    woman, man, trans = gender == 0, gender == 1, gender == 2
    columns["gender"] = np.asarray((*GENDERS_2024, MISSING), dtype=object)[gender]
    assert GENDERS_2024[2] == TRANS

    # Age band: a third children; men older. Missing for a quarter.
    age_p = np.where(
        man[:, None],
        [0.04, 0.16, 0.12, 0.13, 0.13, 0.11, 0.18, 0.09, 0.04],
        [0.06, 0.30, 0.14, 0.13, 0.10, 0.08, 0.12, 0.05, 0.02],
    )
    age = (rng.random(n)[:, None] > np.cumsum(age_p, axis=1)).sum(axis=1).clip(0, 8)
    age_known = rng.random(n) > 0.25
    child = age_known & (age <= 1)
    columns["ageBroad"] = np.where(age_known, np.asarray(AGES, dtype=object)[age], MISSING)

    # Type of exploitation, by gender and childhood; 8% of records say none.
    u = rng.random(n)
    sexual_p = np.select([woman, trans, man], [0.55, 0.70, 0.07], 0.3) + np.where(child, 0.1, 0)
    labour_p = np.select([woman, trans, man], [0.33, 0.15, 0.83], 0.5) - np.where(child, 0.1, 0)
    sexual = u < sexual_p
    labour = (u >= sexual_p) & (u < sexual_p + labour_p)
    other = (u >= sexual_p + labour_p) & (u < 0.92)
    both = sexual & (rng.random(n) < 0.05)  # some were exploited both ways
    columns["isForcedLabour"] = np.where(labour | both, FLAG, MISSING).astype(object)
    columns["isSexualExploit"] = np.where(sexual, FLAG, MISSING).astype(object)
    columns["isOtherExploit"] = np.where(other, FLAG, MISSING).astype(object)
    labour = labour | both

    # Sectors only for forced labour: domestic work for women, construction for men.
    sector_known = labour & (rng.random(n) < 0.7)
    columns["typeOfLabourAgriculture"] = flag(np.where(sector_known, 0.35, 0))
    columns["typeOfLabourConstruction"] = flag(np.where(sector_known & man, 0.35, 0))
    columns["typeOfLabourDomesticWork"] = flag(np.where(sector_known, np.where(man, 0.05, 0.5), 0))
    columns["typeOfLabourHospitality"] = flag(np.where(sector_known, 0.08, 0))
    columns["typeOfSexProstitution"] = flag(np.where(sexual, 0.7, 0))
    columns["typeOfSexPornography"] = flag(np.where(sexual, np.where(child, 0.2, 0.06), 0))

    # Means of control: recorded for 60%; which ones depends on the exploitation.
    means_known = rng.random(n) < 0.6
    columns["meansDebtBondageEarnings"] = flag(means_known * np.where(labour, 0.55, 0.15))
    columns["meansThreats"] = flag(means_known * 0.35)
    columns["meansAbusePsyPhySex"] = flag(means_known * np.where(sexual, 0.6, 0.25))
    columns["meansFalsePromises"] = flag(means_known * 0.45)
    columns["meansDrugsAlcohol"] = flag(means_known * np.where(sexual, 0.2, 0.03))
    columns["meansDenyBasicNeeds"] = flag(means_known * np.where(labour, 0.35, 0.15))
    columns["meansExcessiveWorkHours"] = flag(means_known * np.where(labour, 0.5, 0.1))
    columns["meansWithholdDocs"] = flag(means_known * np.where(labour, 0.4, 0.1))

    # Citizenship and where exploited: mostly at home; abroad mostly the Gulf for labour.
    citizenship = rng.choice(
        len(CITIZENSHIPS), size=n, p=np.asarray(CITIZENSHIP_P) / sum(CITIZENSHIP_P)
    )
    citizen = np.asarray(CITIZENSHIPS, dtype=object)[citizenship]
    home_p = np.where(citizen == "PAK", np.where(labour, 0.6, 0.75), 0.45)
    at_home = rng.random(n) < home_p
    abroad = np.asarray(ABROAD, dtype=object)[
        rng.choice(len(ABROAD), size=n, p=ABROAD_P / ABROAD_P.sum())
    ]
    # A migrant through Pakistan is often exploited in Pakistan itself.
    elsewhere = np.where((citizen != "PAK") & (rng.random(n) < 0.5), "PAK", abroad)
    exploited_in = np.where(at_home, citizen, elsewhere)
    columns["citizenship"] = np.where(rng.random(n) < 0.06, MISSING, citizen)
    columns["CountryOfExploitation"] = np.where(rng.random(n) < 0.1, MISSING, exploited_in)

    # Registration year: more recent years register more; 3% missing.
    weights = np.linspace(1, 4, len(YEARS))
    year = np.asarray(YEARS, dtype=object)[
        rng.choice(len(YEARS), size=n, p=weights / weights.sum())
    ]
    columns["yearOfRegistration"] = np.where(rng.random(n) < 0.03, MISSING, year)

    # Time in trafficking: known for a third; labour lasts longer.
    months_p = np.where(labour[:, None], [0.35, 0.35, 0.30], [0.6, 0.25, 0.15])
    months = (rng.random(n)[:, None] > np.cumsum(months_p, axis=1)).sum(axis=1).clip(0, 2)
    months_known = rng.random(n) < 0.33
    columns["traffickMonths"] = np.where(
        months_known, np.asarray(TRAFFICK_MONTHS, dtype=object)[months], MISSING
    )

    # Recruiter: unknown for half; partners recruit women into sexual exploitation,
    # family recruits children.
    relation_p = np.stack(
        [
            np.where(woman & sexual, 0.25, 0.04),  # intimate partner
            np.full(n, 0.3),  # friend
            np.where(child, 0.5, 0.15),  # family
            np.full(n, 0.25),  # other
        ],
        axis=1,
    )
    relation = (
        rng.random(n)[:, None] > np.cumsum(relation_p / relation_p.sum(1, keepdims=True), axis=1)
    ).sum(axis=1)
    relation_known = rng.random(n) < 0.5
    for position, name in enumerate(
        (
            "recruiterRelationIntimatePartner",
            "recruiterRelationFriend",
            "recruiterRelationFamily",
            "recruiterRelationOther",
        )
    ):
        columns[name] = np.where(relation_known & (relation == position), FLAG, MISSING).astype(
            object
        )

    return pd.DataFrame(
        {
            name: pd.Categorical(columns[name], categories=list(CATEGORIES_2024[name]))
            for name in VARIABLES_2024
        }
    )
