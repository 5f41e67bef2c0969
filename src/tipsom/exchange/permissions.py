"""Grants for data exchange. Importing writes many cases at once, so it belongs to data
officers and supervisors; the quarantine holds personal data and follows the same grants.
Exporting personal data follows the case grants' ``export`` action."""

from tipsom.core.choices import Role
from tipsom.core.permissions import ORG, A, C, V, grant, register

register(
    "importbatch",
    {
        Role.DATA_OFFICER: grant([V, A, C], ORG),
        Role.SUPERVISOR: grant([V, A, C], ORG),
    },
)
