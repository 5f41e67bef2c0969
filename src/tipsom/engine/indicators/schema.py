"""The statistics extract: a directory of Parquet files, one per table, that the app writes
and `engine.indicators` reads. It carries no names, documents or phone numbers.

- ``victims.parquet``: one row per person registered as a client in a case (a record);
- ``suspects.parquet``: one row per suspect in an FIR (first information report);
- ``offences.parquet``: one row per offence recorded in an FIR.

Every column is documented in its field's ``doc`` metadata (`docs` lists them). `write`
checks a table against its schema and code lists before writing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SEXES = ("female", "male", "transgender", "unknown")
ROLES = ("victim", "smuggled_migrant", "returnee")
CASE_TYPES = ("trafficking", "smuggling", "both", "other_vulnerability")
TRAFFICKING_STATUSES = (
    "ActualVictimOfTrafficking",
    "PossibleVictimOfTrafficking",
    "NotAVictimOfTrafficking",
)
# HTCDS v2.0 vic_TypeOfExploitation, as engine.standards.htcds spells it.
EXPLOITATION = (
    "ForcedLabour",
    "SexualExploitation",
    "ChildLabour",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)
LAWS = ("PTPA_2018", "PSMA_2018", "EO_1979", "PA_1974", "PPC")
# The extract's law codes from the values of justice.choices.Law (the exporter maps them).
LAW_FROM_APP = {
    "ptpa_2018": "PTPA_2018",
    "psma_2018": "PSMA_2018",
    "emigration_1979": "EO_1979",
    "passport_1974": "PA_1974",
    "ppc": "PPC",
}
CASE_KINDS = ("trafficking", "smuggling", "other")
CASE_KIND_OF_LAW = {"PTPA_2018": "trafficking", "PSMA_2018": "smuggling"}  # others: "other"


def _column(name: str, type_: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


_RECORD_ID = _column("record_id", pa.string(), "The record's id in the app, unique in its table.")
_PERSON_ID = _column("person_id", pa.int64(), "The app's person id of the record.")
_IDENTITY = _column(
    "identity_key",
    pa.string(),
    "The record-linkage identity: all records of one real person share it (e.g. 'i42'); a "
    "person not linked to any other has 'p<person_id>'. Deduplicated counts count these.",
)
_PROVINCE = _column(
    "province",
    pa.string(),
    "ISO 3166-2 code of the province or territory (PK-PB, PK-SD, PK-KP, PK-BA, PK-IS, PK-JK, "
    "PK-GB); null when not recorded.",
    nullable=True,
)
_SEX = _column("sex", pa.string(), "female, male, transgender or unknown.")
_CITIZENSHIP = _column(
    "citizenship", pa.string(), "ISO 3166-1 alpha-2 code; null when not known.", nullable=True
)

VICTIMS = pa.schema(
    [
        _RECORD_ID,
        _PERSON_ID,
        _IDENTITY,
        _column("organisation", pa.string(), "Code of the organisation that registered the case."),
        _column("identified_on", pa.date32(), "The case's opening date: when identified."),
        _column("year", pa.int16(), "Year of identified_on."),
        _PROVINCE,
        _SEX,
        _column(
            "age", pa.int16(), "Age in years when identified; null when not known.", nullable=True
        ),
        _CITIZENSHIP,
        _column("role", pa.string(), "The person's role in the case: " + ", ".join(ROLES) + "."),
        _column("case_type", pa.string(), "The case's type: " + ", ".join(CASE_TYPES) + "."),
        _column(
            "trafficking_status",
            pa.string(),
            "HTCDS vic_TraffickingStatus: " + ", ".join(TRAFFICKING_STATUSES) + "; null when "
            "not assessed.",
            nullable=True,
        ),
        _column(
            "exploitation",
            pa.list_(pa.string()),
            "HTCDS vic_TypeOfExploitation values (" + ", ".join(EXPLOITATION) + "); empty when "
            "not known.",
        ),
        _column("assisted", pa.bool_(), "At least one service was delivered in the case."),
        _column("referred", pa.bool_(), "At least one referral was sent in the case."),
    ]
)

SUSPECTS = pa.schema(
    [
        _RECORD_ID,
        _PERSON_ID,
        _IDENTITY,
        _column("organisation", pa.string(), "Code of the investigating agency."),
        _column("fir_id", pa.int64(), "The FIR's id in the app."),
        _column(
            "province",
            pa.string(),
            "ISO 3166-2 code of the FIR's province; null when not recorded.",
            nullable=True,
        ),
        _SEX,
        _column("age", pa.int16(), "Age in years at the FIR; null when not known.", nullable=True),
        _CITIZENSHIP,
        _column("suspected_year", pa.int16(), "Year the FIR was registered."),
        _column(
            "prosecuted_year",
            pa.int16(),
            "Year of the suspect's first charge in this FIR; null when not charged.",
            nullable=True,
        ),
        _column(
            "convicted_year",
            pa.int16(),
            "Year of the suspect's first conviction in this FIR; null when not convicted.",
            nullable=True,
        ),
        _column(
            "laws",
            pa.list_(pa.string()),
            "Laws of the suspect's offences in this FIR: " + ", ".join(LAWS) + ".",
        ),
        _column(
            "offence_codes",
            pa.list_(pa.string()),
            "Codes of the suspect's offences in this FIR (the app's offence list, e.g. PTPA-3).",
        ),
    ]
)

OFFENCES = pa.schema(
    [
        _column("fir_id", pa.int64(), "The FIR's id in the app."),
        _column("organisation", pa.string(), "Code of the investigating agency."),
        _column("year", pa.int16(), "Year the FIR was registered."),
        _column(
            "province",
            pa.string(),
            "ISO 3166-2 code of the FIR's province; null when not recorded.",
            nullable=True,
        ),
        _column("law", pa.string(), "The offence's law: " + ", ".join(LAWS) + "."),
        _column("offence_code", pa.string(), "The offence's code (the app's offence list)."),
        _column(
            "case_kind",
            pa.string(),
            "From the law: PTPA_2018 trafficking, PSMA_2018 smuggling, any other law other.",
        ),
        _column("prosecuted", pa.bool_(), "At least one charge was brought under this FIR."),
    ]
)

TABLES: Mapping[str, pa.Schema] = {
    "victims": VICTIMS,
    "suspects": SUSPECTS,
    "offences": OFFENCES,
}

# Columns holding codes, and the codes each may hold (lists: every element).
CODES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "victims": {
        "sex": SEXES,
        "role": ROLES,
        "case_type": CASE_TYPES,
        "trafficking_status": TRAFFICKING_STATUSES,
        "exploitation": EXPLOITATION,
    },
    "suspects": {"sex": SEXES, "laws": LAWS},
    "offences": {"law": LAWS, "case_kind": CASE_KINDS},
}


def docs(name: str) -> list[tuple[str, str, str]]:
    """(column, Arrow type, description) for each column of the table ``name``."""
    return [
        (f.name, str(f.type), (f.metadata or {}).get(b"doc", b"").decode()) for f in TABLES[name]
    ]


def path(directory: str | Path, name: str) -> Path:
    return Path(directory) / f"{name}.parquet"


def check(name: str, table: pa.Table) -> pa.Table:
    """``table`` cast to the schema of ``name``, or ValueError naming the column and what is
    wrong (missing, nulls where none are allowed, codes outside the code list)."""
    schema = TABLES[name]
    missing = [f.name for f in schema if f.name not in table.column_names]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    table = table.select(schema.names).cast(schema)
    for field in schema:
        column = table.column(field.name)
        if not field.nullable and column.null_count:
            raise ValueError(f"{name}.{field.name}: {column.null_count} null value(s)")
        if field.name in CODES[name]:
            values = pc.list_flatten(column) if pa.types.is_list(field.type) else column
            check_codes(name, field.name, pc.unique(values).to_pylist())
    return table


def check_codes(name: str, column: str, seen: Iterable[str | None]) -> None:
    """ValueError naming the column when ``seen`` holds a value outside its code list."""
    allowed = CODES[name][column]
    wrong = sorted({v for v in seen if v is not None} - set(allowed))
    if wrong:
        hint = " (the extract spells laws as LAW_FROM_APP maps them)" if "law" in column else ""
        raise ValueError(
            f"{name}.{column}: {', '.join(wrong)} not in the code list ({', '.join(allowed)}){hint}"
        )


def write(directory: str | Path, name: str, table: pa.Table) -> Path:
    """Check ``table`` against the schema of ``name`` and write it as ``name.parquet`` in
    ``directory``."""
    target = path(directory, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(check(name, table), target)
    return target
