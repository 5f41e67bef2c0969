"""Grants for the joint programme.

Programme managers run the programme network-wide: its participants, results framework,
targets, reporting periods, budget and transfers, and they review progress reports. The
data officers and supervisors of a participating organisation read the programmes their
organisation takes part in and keep their own organisation's figures: indicator actuals,
expenditure reports, progress reports and training events (org scope). The secretariat
and auditors read everything. Donors have no accounts: what they receive are the donor
report and the IATI file (``donorreport``), which programme managers, the secretariat and
auditors download. No row here holds a person's name."""

from tipsom.core.choices import Role, Scope
from tipsom.core.permissions import NET, ORG, A, C, V, grant, register

Grants = dict[str, dict[str, Scope]]
READERS: Grants = {Role.SECRETARIAT: grant([V], NET), Role.AUDITOR: grant([V], NET)}
KEEPERS: Grants = {
    Role.PROGRAMME_MANAGER: grant([V, A, C], NET),
    Role.DATA_OFFICER: grant([V, A, C], ORG),
    Role.SUPERVISOR: grant([V, A, C], ORG),
    **READERS,
}

register(
    "programme",
    {
        Role.PROGRAMME_MANAGER: grant([V, A, C], NET),
        Role.DATA_OFFICER: grant([V], ORG),
        Role.SUPERVISOR: grant([V], ORG),
        **READERS,
    },
)
register("indicatoractual", KEEPERS)
register("expenditure", KEEPERS)
register("progressreport", KEEPERS)
register("training", KEEPERS)
register(
    "donorreport",
    {
        Role.PROGRAMME_MANAGER: grant([V], NET),
        Role.SECRETARIAT: grant([V], NET),
        Role.AUDITOR: grant([V], NET),
    },
)
