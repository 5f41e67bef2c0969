"""Grants for criminal justice.

The investigation file (FIRs, suspects, charges, verdicts) is seen only by law-enforcement
and prosecution roles of the owning agency. Victim-protection staff (caseworkers and their
supervisors) may know that a case they see has criminal proceedings and how far they have
come (`proceedings`), never the file itself. The offence list is everyone's reference."""

from tipsom.core.choices import Role
from tipsom.core.permissions import EVERY_ROLE, NET, ORG, A, C, V, grant, register

register(
    "offence",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SYSTEM_ADMIN: grant([V, A, C], NET),
    },
)
register(
    "fir",
    {
        Role.INVESTIGATOR: grant([V, A, C], ORG),
        Role.PROSECUTOR: grant([V, C], ORG),
    },
)
register(
    "proceedings",
    {
        Role.CASEWORKER: grant([V], ORG),
        Role.SUPERVISOR: grant([V], ORG),
        Role.INVESTIGATOR: grant([V], ORG),
        Role.PROSECUTOR: grant([V], ORG),
    },
)

# The wanted-persons list: law enforcement and prosecutors read it network-wide (the FIA's
# most-wanted book is shared), an agency keeps its own entries. Hits go to the listing
# agency's investigators.
register(
    "watchlist",
    {
        Role.INVESTIGATOR: {V: NET, A: ORG, C: ORG},
        Role.PROSECUTOR: grant([V], NET),
    },
)
register("watchlisthit", {Role.INVESTIGATOR: grant([V, C], ORG)})

# Counts of persons suspected, prosecuted and convicted (no names): an agency's own staff for
# its FIRs, data officers and the secretariat for the network.
register(
    "justicestatistics",
    {
        Role.INVESTIGATOR: grant([V], ORG),
        Role.PROSECUTOR: grant([V], ORG),
        Role.DATA_OFFICER: grant([V], NET),
        Role.SECRETARIAT: grant([V], NET),
    },
)
