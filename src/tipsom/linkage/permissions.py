"""Grants for record linkage.

Linking looks at every organisation's persons, so running it is a network-wide act of data
officers and system admins. Reviewing a pair shows the compared fields of both persons, one
of whom may belong to another organisation: data officers review the pairs that involve
their organisation's persons, and see of the other person only what the comparison used
(names, birth date or year, document, phone, district, sex), never their case. An identity is
seen by case staff of any organisation holding one of its persons; what they see of another
organisation's record is that organisation and the roles in its cases, not the record.
Counts of distinct persons carry no personal data and feed the statistics.
"""

from tipsom.core.choices import Role
from tipsom.core.permissions import NET, ORG, A, C, V, grant, register

register(
    "linkagerun",
    {
        Role.DATA_OFFICER: grant([V, A], NET),
        Role.SYSTEM_ADMIN: grant([V, A], NET),
        Role.SECRETARIAT: grant([V], NET),
    },
)
register("matchpair", {Role.DATA_OFFICER: grant([V, C], ORG)})
register(
    "identity",
    {
        Role.CASEWORKER: grant([V], ORG),
        Role.SUPERVISOR: grant([V], ORG),
        Role.INVESTIGATOR: grant([V], ORG),
        Role.DATA_OFFICER: grant([V, C], ORG),
    },
)
register(
    "linkagecount",
    {
        Role.DATA_OFFICER: grant([V], NET),
        Role.SECRETARIAT: grant([V], NET),
        Role.PROGRAMME_MANAGER: grant([V], NET),
        Role.AUDITOR: grant([V], NET),
    },
)
