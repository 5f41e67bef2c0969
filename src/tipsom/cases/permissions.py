"""Grants for cases and persons. Case records are the most sensitive data in the system:
caseworkers see the cases they own, supervisors their organisation's; data officers read
their organisation's for reporting and write them to load and correct data in bulk
(imports, the quarantine); administrators of accounts and of the system see none."""

from collections.abc import Mapping

from tipsom.core.choices import Role, Scope
from tipsom.core.permissions import ORG, OWN, A, C, E, V, grant, register

CASE_GRANTS: Mapping[str, Mapping[str, Scope]] = {
    Role.CASEWORKER: grant([V, A, C], OWN),
    Role.INVESTIGATOR: grant([V, A, C], OWN),
    Role.SUPERVISOR: grant([V, A, C, E], ORG),
    Role.DATA_OFFICER: grant([V, A, C, E], ORG),
}

register("case", CASE_GRANTS)
register("person", CASE_GRANTS)
