"""A synthetic statistics extract for tests and benchmarks: seeded, with distributions that
look like a national register (victims mostly in Punjab and Sindh, more women than men,
a third children, forced labour the most common form) and about one person in five
registered two or three times by different organisations under one identity_key, their
records disagreeing now and then (sex unknown in one, age missing, another province).

No real person is in it: every value is drawn at random.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tipsom.engine.indicators import schema

YEARS = (2019, 2025)  # first year, one after the last
ORGANISATIONS = (
    "FIA-AHTC-LHR",
    "FIA-AHTC-KHI",
    "FIA-AHTC-ISB",
    "PB-POLICE",
    "SD-POLICE",
    "KP-POLICE",
    "BA-POLICE",
    "NGO-SHELTER-LHR",
    "NGO-LEGAL-KHI",
    "NGO-RETURNEES-ISB",
    "IOM-PK",
    "PB-CHILD-BUREAU",
)
AGENCIES = ("FIA-AHTC-LHR", "FIA-AHTC-KHI", "FIA-AHTC-ISB", "FIA-AHSD", "PB-POLICE", "SD-POLICE")
PROVINCES = ("PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS", "PK-JK", "PK-GB")
PROVINCE_P = (0.50, 0.21, 0.15, 0.06, 0.04, 0.02, 0.02)
SEX_P = (0.55, 0.43, 0.01, 0.01)  # female, male, transgender, unknown
CITIZENSHIPS = ("PK", "AF", "BD", "IN", "IR", "MM")
CITIZENSHIP_P = (0.90, 0.06, 0.015, 0.01, 0.01, 0.005)
EXPLOITATION_P = (0.30, 0.20, 0.12, 0.08, 0.08, 0.01, 0.01, 0.12, 0.02, 0.01, 0.05)
# (code, law, case kind) of the offences FIRs record.
OFFENCES = (
    ("PTPA-3", "PTPA_2018"),
    ("PTPA-3-WC", "PTPA_2018"),
    ("PTPA-4", "PTPA_2018"),
    ("PSMA-3", "PSMA_2018"),
    ("PSMA-AGG", "PSMA_2018"),
    ("EO-1979", "EO_1979"),
    ("PA-1974", "PA_1974"),
    ("PPC-370", "PPC"),
)
FIRST_OFFENCE = {  # by the FIR's kind: the offences its first one is drawn from
    "trafficking": (0, 1, 2),
    "smuggling": (3, 4),
    "other": (5, 6, 7),
}


def _pick(rng: np.random.Generator, values: tuple[str, ...], n: int, p=None) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)]


def _strings(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def _lists(owner: np.ndarray, values: np.ndarray, n: int) -> pa.ListArray:
    """A list per row 0..n-1 holding ``values`` whose ``owner`` is that row (owner sorted)."""
    offsets = np.searchsorted(owner, np.arange(n + 1)).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def victims(size: int, seed: int = 2026) -> pa.Table:
    """``size`` victim records: about 80% of persons once, 12% twice, 8% three times."""
    rng = np.random.default_rng(seed)
    copies = rng.choice([1, 2, 3], size=size, p=[0.80, 0.12, 0.08])
    owner = np.repeat(np.arange(size), copies)[:size]  # the person of each record
    first = np.r_[True, owner[1:] != owner[:-1]]
    persons = int(owner[-1]) + 1 if size else 0
    shared = np.bincount(owner, minlength=persons) > 1

    base_year = rng.integers(YEARS[0], YEARS[1], size=persons)
    year = np.minimum(base_year[owner] + np.where(first, 0, rng.integers(0, 3, size)), YEARS[1] - 1)
    day = rng.integers(0, 365, size)
    start = np.array([date(y, 1, 1).toordinal() for y in range(YEARS[0], YEARS[1])])
    epoch = date(1970, 1, 1).toordinal()
    identified_on = (start[year - YEARS[0]] + day - epoch).astype("int32")

    sex = _pick(rng, schema.SEXES, persons, SEX_P)[owner]
    sex = np.where(rng.random(size) < 0.04, "unknown", sex)  # one organisation did not record it
    flip = rng.random(size) < 0.01  # or recorded the other
    sex = np.where(
        flip & (sex == "female"), "male", np.where(flip & (sex == "male"), "female", sex)
    )
    age = np.clip(rng.normal(22, 10, persons), 3, 70).astype("int16")[owner] + (
        year - base_year[owner]
    ).astype("int16")
    province = _pick(rng, PROVINCES, persons, PROVINCE_P)[owner]
    moved = rng.random(size) < 0.05
    province = np.where(moved, _pick(rng, PROVINCES, size, PROVINCE_P), province)
    citizenship = _pick(rng, CITIZENSHIPS, persons, CITIZENSHIP_P)[owner]

    role = _pick(rng, schema.ROLES, persons, (0.6, 0.25, 0.15))[owner]
    role = np.where(rng.random(size) < 0.05, _pick(rng, schema.ROLES, size), role)
    case_type = np.select(
        [role == "victim", role == "smuggled_migrant"],
        [
            _pick(rng, ("trafficking", "both", "other_vulnerability"), size, (0.75, 0.15, 0.10)),
            _pick(rng, ("smuggling", "both"), size, (0.85, 0.15)),
        ],
        _pick(rng, ("other_vulnerability", "smuggling"), size, (0.7, 0.3)),
    )
    status = np.where(
        role == "victim",
        _pick(rng, (*schema.TRAFFICKING_STATUSES, ""), size, (0.4, 0.45, 0.05, 0.10)),
        "",
    )
    count = np.where(
        role == "victim", rng.choice([0, 1, 2], size, p=[0.15, 0.75, 0.10]), rng.random(size) < 0.1
    ).astype(int)
    exploitation = _lists(
        np.repeat(np.arange(size), count),
        _pick(rng, schema.EXPLOITATION, int(count.sum()), EXPLOITATION_P),
        size,
    )
    ids = np.arange(1, size + 1)
    return pa.table(
        {
            "record_id": _strings("r", ids),
            "person_id": pa.array(ids, pa.int64()),
            "identity_key": pc.if_else(
                pa.array(shared[owner]), _strings("i", owner), _strings("p", ids)
            ),
            "organisation": pa.array(_pick(rng, ORGANISATIONS, size), pa.string()),
            "identified_on": pa.array(identified_on, pa.int32()).cast(pa.date32()),
            "year": pa.array(year, pa.int16()),
            "province": pa.array(province, pa.string(), mask=rng.random(size) < 0.03),
            "sex": pa.array(sex, pa.string()),
            "age": pa.array(age, pa.int16(), mask=rng.random(size) < 0.10),
            "citizenship": pa.array(citizenship, pa.string(), mask=rng.random(size) < 0.03),
            "role": pa.array(role, pa.string()),
            "case_type": pa.array(case_type, pa.string()),
            "trafficking_status": pa.array(status, pa.string(), mask=status == ""),
            "exploitation": exploitation,
            "assisted": pa.array(rng.random(size) < 0.7),
            "referred": pa.array(rng.random(size) < 0.4),
        }
    )


def justice(size: int, seed: int = 2026) -> tuple[pa.Table, pa.Table]:
    """(suspects, offences) in proportion to ``size`` victim records: a suspect for every
    four records, 1.6 suspects an FIR, one to three offences an FIR; one suspect in ten named
    in two FIRs."""
    rng = np.random.default_rng(seed + 1)
    suspects = max(1, size // 4)
    firs = max(1, int(suspects / 1.6))
    fir_year = rng.integers(YEARS[0], YEARS[1], firs)
    fir_province = _pick(rng, PROVINCES, firs, PROVINCE_P)
    fir_agency = _pick(rng, AGENCIES, firs)
    kind = _pick(rng, tuple(FIRST_OFFENCE), firs, (0.45, 0.45, 0.10))
    fir_prosecuted = rng.random(firs) < 0.55

    extra = rng.choice([0, 1, 2], firs, p=[0.5, 0.35, 0.15])
    owner = np.repeat(np.arange(firs), 1 + extra)
    position = np.arange(len(owner)) - np.searchsorted(owner, owner)
    code = rng.choice([5, 6, 7, 0, 3], len(owner), p=[0.4, 0.3, 0.2, 0.05, 0.05])
    for name, choices in FIRST_OFFENCE.items():
        at = (position == 0) & (kind[owner] == name)
        code[at] = rng.choice(choices, int(at.sum()))
    pairs = np.unique(owner.astype(np.int64) * 16 + code)  # sorted by FIR, no repeats
    owner, code = pairs // 16, pairs % 16
    codes_ = np.asarray([c for c, _ in OFFENCES], dtype=object)[code]
    laws_ = np.asarray([law for _, law in OFFENCES], dtype=object)[code]
    case_kind = np.select(
        [laws_ == "PTPA_2018", laws_ == "PSMA_2018"], ["trafficking", "smuggling"], "other"
    )
    offences = pa.table(
        {
            "fir_id": pa.array(owner + 1, pa.int64()),
            "organisation": pa.array(fir_agency[owner], pa.string()),
            "year": pa.array(fir_year[owner], pa.int16()),
            "province": pa.array(fir_province[owner], pa.string()),
            "law": pa.array(laws_, pa.string()),
            "offence_code": pa.array(codes_, pa.string()),
            "case_kind": pa.array(case_kind, pa.string()),
            "prosecuted": pa.array(fir_prosecuted[owner]),
        }
    )
    law_of_code = np.array([schema.LAWS.index(law) for _, law in OFFENCES])
    law_pairs = np.unique(owner * 16 + law_of_code[code])  # the FIR's laws, each once
    law_owner, law_names = law_pairs // 16, np.asarray(schema.LAWS, dtype=object)[law_pairs % 16]

    fir = np.sort(rng.integers(0, firs, suspects))
    person = np.arange(suspects)
    repeat = rng.random(suspects) < 0.1  # named again in another FIR: same person as before
    person[repeat] = rng.integers(0, suspects, int(repeat.sum()))
    prosecuted_year = fir_year[fir] + rng.integers(0, 2, suspects)
    convicted_year = prosecuted_year + rng.integers(1, 3, suspects)
    last = YEARS[1] - 1  # a charge or verdict after the last year has not happened yet
    charged = fir_prosecuted[fir] & (rng.random(suspects) < 0.85) & (prosecuted_year <= last)
    convicted = charged & (rng.random(suspects) < 0.3) & (convicted_year <= last)
    # a person's sex, age and citizenship, the same in each of their FIRs
    sex = _pick(rng, schema.SEXES, suspects, (0.13, 0.85, 0.0, 0.02))[person]
    age = np.clip(rng.normal(36, 11, suspects), 15, 80).astype("int16")[person]
    citizenship = _pick(rng, ("PK", "AF", "IR", "TR"), suspects, (0.85, 0.08, 0.04, 0.03))
    ids = np.arange(1, suspects + 1)
    suspects_table = pa.table(
        {
            "record_id": _strings("s", ids),
            "person_id": pa.array(ids + 10_000_000, pa.int64()),
            "identity_key": _strings("s", person),
            "organisation": pa.array(fir_agency[fir], pa.string()),
            "fir_id": pa.array(fir + 1, pa.int64()),
            "province": pa.array(fir_province[fir], pa.string()),
            "sex": pa.array(sex, pa.string()),
            "age": pa.array(age, pa.int16(), mask=rng.random(suspects) < 0.2),
            "citizenship": pa.array(
                citizenship[person], pa.string(), mask=rng.random(suspects) < 0.04
            ),
            "suspected_year": pa.array(fir_year[fir], pa.int16()),
            "prosecuted_year": pa.array(prosecuted_year, pa.int16(), mask=~charged),
            "convicted_year": pa.array(convicted_year, pa.int16(), mask=~convicted),
            "laws": pc.take(_lists(law_owner, law_names, firs), pa.array(fir)),
            "offence_codes": pc.take(_lists(owner, codes_, firs), pa.array(fir)),
        }
    )
    return suspects_table, offences


def write(directory: str | Path, size: int, seed: int = 2026) -> dict[str, int]:
    """Write a synthetic extract of ``size`` victim records to ``directory``; rows a table."""
    suspects, offences = justice(size, seed)
    tables = {"victims": victims(size, seed), "suspects": suspects, "offences": offences}
    for name, table in tables.items():
        schema.write(directory, name, table)
    return {name: table.num_rows for name, table in tables.items()}
