"""Grants for the referral mechanism.

The service directory is the network's shared knowledge: everyone reads it, organisations
keep their own entries. Referrals are seen by staff of both the sending and the receiving
organisation (their case work depends on them). Seeing a referral is not seeing the case: the
receiver gets only the sections shared (`selectors.case_share`). Proceeding without the
person's consent to referral is a separate, rarer permission.
"""

from tipsom.core.choices import Role
from tipsom.core.permissions import EVERY_ROLE, NET, ORG, A, C, E, V, grant, register

register(
    "serviceoffer",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.SUPERVISOR: {V: NET, A: ORG, C: ORG},
        Role.ORG_ADMIN: {V: NET, A: ORG, C: ORG},
        Role.SECRETARIAT: grant([V, A, C], NET),
    },
)

register(
    "referral",
    {
        Role.CASEWORKER: grant([V, A, C], ORG),
        Role.INVESTIGATOR: grant([V, A, C], ORG),
        Role.SUPERVISOR: grant([V, A, C, E], ORG),
        Role.DATA_OFFICER: grant([V, E], ORG),
    },
)

# Referring without the person's recorded consent, with a written justification.
register("consentoverride", {Role.SUPERVISOR: grant([A], ORG)})

# The referral report: counts and pathways, without case contents.
register(
    "referralreport",
    {
        Role.SUPERVISOR: grant([V], ORG),
        Role.DATA_OFFICER: grant([V], ORG),
        Role.SECRETARIAT: grant([V], NET),
        Role.PROGRAMME_MANAGER: grant([V], NET),
    },
)
