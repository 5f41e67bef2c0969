"""Synthetic persons and cases at any size, for demonstrations and load tests.

`generate(n)` adds ``n`` invented Pakistani (and some Afghan) persons to the demo network
(`tipsom.core.demo.seed`), in cases owned by its caseworkers: smuggling along the Iran –
Turkey – Greece and the Egypt/UAE – Libya – Italy routes, labour exploitation in the Gulf,
bonded labour and servitude inside Pakistan. Every value is drawn from a seeded
`random.Random`, so a seed gives the same names, places and dates again.

Nothing here goes through the per-row services: they audit every row, which is far too slow
for a million persons. Rows are built in memory a batch at a time and written as
`bulk_create` would write them, without its SQL building for every row (`cases.bulk`): each value
goes through its field's ``get_db_prep_save``, so `EncryptedTextField` encrypts it, and blind
indexes are computed as `BlindIndexField.pre_save` does. PostgreSQL takes the rows with COPY,
SQLite with one prepared INSERT a table, other databases get `bulk_create` itself. Person and
case ids are drawn from their tables' sequences before the insert, so case numbers take the
form `services.open_case` gives them. Name tokens are those `services.refresh_name_tokens`
stores. The whole load is one transaction with one audit entry summarising it.
"""

from tipsom.cases.demo.writer import DEFAULT_SEED, default_seed, generate

__all__ = ["DEFAULT_SEED", "default_seed", "generate"]
