"""The permission matrix: role × resource × action → scope.

This table is the whole of who-may-do-what. `restrict()` (querysets.py) turns it into row
filters and `can()` into yes/no answers; nothing else decides access. A missing entry means
no access. Later apps add their resources with `register()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tipsom.core.choices import Action, Role, Scope

V, A, C, D, E = Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE, Action.EXPORT
OWN, ORG, NET = Scope.OWN, Scope.ORGANISATION, Scope.NETWORK

Matrix = dict[str, dict[str, dict[str, Scope]]]

MATRIX: Matrix = {}


def register(resource: str, grants: Mapping[str, Mapping[str, Scope]]) -> None:
    """Add a resource's grants: ``{role: {action: scope}}``."""
    for role, actions in grants.items():
        if role not in Role.values:
            raise ValueError(f"unknown role {role!r} in grants for {resource!r}")
        for action in actions:
            if action not in Action.values:
                raise ValueError(f"unknown action {action!r} in grants for {resource!r}")
        MATRIX.setdefault(role, {})[resource] = dict(actions)


def grant(actions: Iterable[str], scope: Scope) -> dict[str, Scope]:
    return dict.fromkeys(actions, scope)


def scope_for(role: str, resource: str, action: str) -> Scope | None:
    return MATRIX.get(role, {}).get(resource, {}).get(action)


EVERY_ROLE = list(Role.values)

# The organisation directory is the network's shared address book.
register(
    "organisation",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.ORG_ADMIN: {V: NET, C: ORG},
        Role.SECRETARIAT: grant([V, A, C], NET),
        Role.SYSTEM_ADMIN: grant([V, A, C], NET),
    },
)

# Focal points of partner organisations: every member needs them to refer a case.
register(
    "contactpoint",
    {
        **{role: grant([V], NET) for role in EVERY_ROLE},
        Role.ORG_ADMIN: {V: NET, A: ORG, C: ORG, D: ORG},
        Role.SECRETARIAT: grant([V, A, C, D], NET),
        Role.SYSTEM_ADMIN: grant([V, A, C, D], NET),
    },
)

# Staff accounts: organisation admins manage their own organisation's users only. Accounts
# and organisations are deactivated, never deleted, so the audit log's references stay whole.
register(
    "user",
    {
        Role.SUPERVISOR: grant([V], ORG),
        Role.ORG_ADMIN: grant([V, A, C], ORG),
        Role.SYSTEM_ADMIN: grant([V, A, C], NET),
    },
)

# The audit log: auditors read all of it, organisation admins their organisation's part.
register(
    "auditentry",
    {
        Role.AUDITOR: grant([V, E], NET),
        Role.ORG_ADMIN: grant([V], ORG),
    },
)

# Background jobs: everyone sees their own; supervisors and data officers their organisation's.
register(
    "job",
    {
        **{role: grant([V, A], OWN) for role in EVERY_ROLE},
        Role.SUPERVISOR: grant([V, A], ORG),
        Role.DATA_OFFICER: grant([V, A], ORG),
        Role.AUDITOR: grant([V, A], OWN),
        Role.SYSTEM_ADMIN: grant([V, A], NET),
    },
)

# Everyone reads and marks their own inbox; nobody reads another's.
register("notification", {role: grant([V, C], OWN) for role in EVERY_ROLE})


def markdown_table(resources: list[str]) -> str:
    """The grants as a Markdown table, one row per role (docs/security.md embeds it)."""
    names = {Scope.OWN: "own", Scope.ORGANISATION: "org", Scope.NETWORK: "network"}
    lines = [
        "| role | " + " | ".join(resources) + " |",
        "|---|" + "---|" * len(resources),
    ]
    for role in Role.values:
        cells = []
        for resource in resources:
            by_scope: dict[Scope, list[str]] = {}
            for action, scope in MATRIX.get(role, {}).get(resource, {}).items():
                by_scope.setdefault(scope, []).append(action)
            parts = [f"{', '.join(acts)} {names[s]}" for s, acts in sorted(by_scope.items())]
            cells.append("; ".join(parts) or "—")
        lines.append(f"| {role} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
