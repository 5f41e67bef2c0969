"""Grants for official statistics.

The statistics carry counts, never names: data officers build the extract and read every
figure network-wide (they answer UNODC's questionnaire and report SDG 16.2.2); the network's
secretariat, programme managers and auditors read them. Figures are exact here, small cells
included: what leaves the system goes through a privacy-safe release, not these pages."""

from tipsom.core.choices import Role
from tipsom.core.permissions import NET, A, C, V, grant, register

register(
    "statistics",
    {
        Role.DATA_OFFICER: grant([V, A], NET),
        Role.SECRETARIAT: grant([V], NET),
        Role.PROGRAMME_MANAGER: grant([V], NET),
        Role.AUDITOR: grant([V], NET),
        Role.SYSTEM_ADMIN: grant([A], NET),
    },
)

# Releases: a data officer prepares one (and may approve another's), the secretariat reviews
# and approves; the approver is never the one who prepared it (services.approve_release).
# What is approved is public: the public page needs no grant.
register(
    "release",
    {
        Role.DATA_OFFICER: grant([V, A, C], NET),
        Role.SECRETARIAT: grant([V, C], NET),
        Role.AUDITOR: grant([V], NET),
    },
)
