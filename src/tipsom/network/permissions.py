"""Grants for the network's coordination.

The network is everyone's: every role reads its members, groups, meetings, decisions and
action points network-wide, and documents up to their access level (selectors.py narrows all
of it to users of participating organisations, members and observers). The secretariat runs
it: members and focal points, governance, groups, meetings, decisions, action points,
documents. One write reaches beyond the secretariat: an action point's status, which its
owner organisation's focal points (own scope, through `ActionPoint.restrict_owner_path`) and
its supervisors and organisation admins (organisation scope) may move along.
"""

from tipsom.core.choices import Role
from tipsom.core.permissions import EVERY_ROLE, NET, ORG, OWN, A, C, D, V, grant, register

# Membership status, focal points and governance terms.
register(
    "networkmember",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SECRETARIAT: grant([V, A, C, D], NET),
    },
)
# Working groups and their member organisations (delete: an organisation leaves a group).
register(
    "networkgroup",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SECRETARIAT: grant([V, A, C, D], NET),
    },
)
# Meetings with their agenda, attendance, minutes and decisions.
register(
    "networkmeeting",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SECRETARIAT: grant([V, A, C], NET),
    },
)
register(
    "actionpoint",
    {
        **{role: {V: NET, C: OWN} for role in EVERY_ROLE},
        Role.SUPERVISOR: {V: NET, C: ORG},
        Role.ORG_ADMIN: {V: NET, C: ORG},
        Role.SECRETARIAT: grant([V, A, C], NET),
    },
)
# Documents: reading is narrowed by each document's access level (selectors.documents).
register(
    "networkdocument",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SECRETARIAT: grant([V, A, C, D], NET),
    },
)
