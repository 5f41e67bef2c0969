"""Every write of record linkage: runs, and reviewers' decisions; each audited.

Which persons form one identity follows from the pairs' statuses: pairs linked by score and
pairs a reviewer confirmed join persons, pairs a reviewer rejected keep them apart (even when
other links would join them). `_regroup` derives the memberships from those statuses for the
persons a change touches, so a decision is undone by restoring the statuses it changed. No
person, case or other source record is written here.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from tipsom.cases.models import Person
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.jobs import JobFailed, job_handler
from tipsom.core.models import Organisation
from tipsom.core.permissions import scope_for
from tipsom.core.querysets import memberships_of
from tipsom.core.services import require, require_row, start_job
from tipsom.engine.linkage import link, model
from tipsom.linkage import choices as c
from tipsom.linkage import extract
from tipsom.linkage.models import Decision, Identity, LinkageRun, MatchPair, Membership

BATCH = 2000

# --- runs ---------------------------------------------------------------------------------


def start_run(actor: Any, kind: str = c.RunKind.FULL, queue: bool = True) -> LinkageRun:
    """Queue a linkage run (``queue=False``: the caller runs it with `execute`, as the
    command line does). One runs at a time; an incremental run needs a full one first."""
    require(actor, "linkagerun", "add", None)
    if kind not in c.RunKind.values:
        raise ValidationError(
            {"kind": f"'{kind}' is not a kind of run; allowed: full, incremental"}
        )
    with transaction.atomic():
        _abandon_stale_runs()
        if LinkageRun.objects.select_for_update().filter(status=c.RunStatus.RUNNING).exists():
            raise ValidationError({"kind": "a linkage run is already going; wait for it to end"})
        if kind == c.RunKind.INCREMENTAL and _model_run() is None:
            raise ValidationError(
                {"kind": "no full run has finished yet: run a full linkage first"}
            )
        run = LinkageRun.objects.create(
            kind=kind, started_by=actor, match_threshold=link.MATCH, review_threshold=link.REVIEW
        )
        if queue:
            run.job = start_job(actor, "linkage.run", {"run": run.pk}, _home(actor))
            run.save(update_fields=["job"])
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=run,
            summary=f"linkage run #{run.pk} ({kind}) queued",
        )
    return run


STALE_AFTER = timedelta(hours=12)  # a run without a job (the command line's) this old died


def _abandon_stale_runs() -> None:
    """A run whose job ended without finishing it, or a foreground run long gone, would
    block every later run: mark it failed."""
    # `of`: PostgreSQL locks no row of the nullable side of the join to the job
    running = LinkageRun.objects.select_for_update(of=("self",)).filter(status=c.RunStatus.RUNNING)
    for run in running.select_related("job"):
        if run.job is not None and run.job.is_finished:
            reason = "its job ended before the run finished"
        elif run.job is None and run.created_at < timezone.now() - STALE_AFTER:
            reason = "abandoned: no progress for 12 hours"
        else:
            continue
        run.status, run.error, run.finished_at = c.RunStatus.FAILED, reason, timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])


def _home(actor: Any) -> Organisation | None:
    """The organisation a user's linkage job is filed under: one where a role of theirs may
    start runs (their jobs are seen there)."""
    for organisation_id, role in memberships_of(actor):
        if scope_for(role, "linkagerun", "add") is not None:
            return Organisation.objects.get(pk=organisation_id)
    return None


def _model_run() -> LinkageRun | None:
    return (
        LinkageRun.objects.filter(kind=c.RunKind.FULL, status=c.RunStatus.DONE)
        .order_by("-pk")
        .first()
    )


def _version(model_json: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(model_json, sort_keys=True).encode()).hexdigest()
    return f"{model.MODEL_VERSION}+{digest[:10]}"


@job_handler("linkage.run")
def run_job(job: Any, reporter: Any) -> dict[str, Any]:
    run = LinkageRun.objects.get(pk=job.params["run"])
    try:
        run = execute(run, progress=reporter.progress)
    except ValidationError as problem:
        raise JobFailed("; ".join(problem.messages)) from None
    reporter.message(
        f"{run.records} persons, {run.linked} links, {run.pending} pairs to review, "
        f"{run.identities} identities"
    )
    return {"run": run.pk, "linked": run.linked, "pending": run.pending}


def execute(run: LinkageRun, progress: Callable[[int, int], None] | None = None) -> LinkageRun:
    """Do a queued run: score, store the pairs, regroup. Failures are recorded on the run."""
    tick = progress or (lambda done, total: None)
    started = time.perf_counter()
    try:
        last = extract.linkable().aggregate(top=Max("pk"))["top"] or 0
        if run.kind == c.RunKind.FULL:
            everyone = extract.frame(extract.linkable().filter(pk__lte=last))
            tick(1, 4)
            if len(everyone) < 2:
                raise ValidationError({"kind": "fewer than two persons to link"})
            result = link.link(everyone, threshold=run.review_threshold, match=run.match_threshold)
            run.model, first = result.model_json, 0
            pairs = result.pairs
        else:
            previous = LinkageRun.objects.filter(status=c.RunStatus.DONE).order_by("-pk").first()
            trained = _model_run()
            if previous is None or trained is None:
                raise ValidationError({"kind": "no full run has finished yet"})
            first, run.model = previous.last_person_id, trained.model
            known = extract.frame(extract.linkable().filter(pk__lte=first))
            fresh = extract.frame(extract.linkable().filter(pk__gt=first, pk__lte=last))
            everyone = fresh
            tick(1, 4)
            pairs = link.link_new(known, fresh, run.model, threshold=run.review_threshold)
        tick(2, 4)
        with transaction.atomic():
            touched = _store_pairs(run, pairs, full=run.kind == c.RunKind.FULL)
            tick(3, 4)
            _regroup(None if run.kind == c.RunKind.FULL else touched)
            run.first_person_id, run.last_person_id = first, last
            run.records, run.pairs = len(everyone), len(pairs)
            counts = Counter(MatchPair.objects.filter(run=run).values_list("status", flat=True))
            run.linked = counts[c.PairStatus.LINKED] + counts[c.PairStatus.CONFIRMED]
            run.pending = counts[c.PairStatus.PENDING]
            run.identities = Identity.objects.filter(members__isnull=False).distinct().count()
            run.model_version = _version(run.model)
            run.status, run.finished_at = c.RunStatus.DONE, timezone.now()
            run.seconds = round(time.perf_counter() - started, 2)
            run.save()
            audit.record(
                AuditAction.UPDATE,
                actor=run.started_by,
                instance=run,
                summary=f"linkage run #{run.pk} ({run.kind}) done: {run.linked} links, "
                f"{run.pending} to review, {run.identities} identities",
                changes={"model_version": run.model_version, "records": run.records},
            )
        tick(4, 4)
        return run
    except Exception as error:
        LinkageRun.objects.filter(pk=run.pk).update(
            status=c.RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise


def _store_pairs(run: LinkageRun, pairs: pd.DataFrame, full: bool) -> set[int]:
    """Save the scored pairs; a reviewer's decision stays as it is, only rescored. A full
    run drops the undecided pairs it no longer finds. Returns the persons involved."""
    scored: dict[tuple[int, int], dict[str, Any]] = {}
    for row in pairs.to_dict("records"):
        a, b = int(row["unique_id_l"]), int(row["unique_id_r"])
        key = (a, b) if a < b else (b, a)
        probability = float(row["match_probability"])
        if key in scored and scored[key]["probability"] >= probability:
            continue
        scored[key] = {
            "probability": probability,
            "weight": float(row["match_weight"]),
            "explanation": link.explain(run.model, row),
        }
    touched = {p for key in scored for p in key}
    known = MatchPair.objects.all()
    if not full:
        known = known.filter(Q(left__in=touched) | Q(right__in=touched))
    existing = {(p.left_id, p.right_id): p for p in known.only("pk", "left", "right", "status")}
    updates, creates = [], []
    for key, values in scored.items():
        status = (
            c.PairStatus.LINKED
            if values["probability"] >= run.match_threshold
            else c.PairStatus.PENDING
        )
        pair = existing.get(key)
        if pair is None:
            creates.append(
                MatchPair(left_id=key[0], right_id=key[1], run=run, status=status, **values)
            )
            continue
        for name, value in values.items():
            setattr(pair, name, value)
        pair.run = run
        if pair.status not in c.DECIDED:
            pair.status = status
        updates.append(pair)
    MatchPair.objects.bulk_create(creates, batch_size=BATCH)
    MatchPair.objects.bulk_update(
        updates, ["probability", "weight", "explanation", "run", "status"], batch_size=BATCH
    )
    if full:
        stale = [
            p.pk for key, p in existing.items() if key not in scored and p.status not in c.DECIDED
        ]
        for start in range(0, len(stale), BATCH):
            MatchPair.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    return touched


# --- grouping -------------------------------------------------------------------------------


def _closure(persons: set[int]) -> set[int]:
    """The persons whose grouping may change with ``persons``: everyone joined to them by a
    joining pair or an identity, transitively."""
    found, frontier = set(persons), set(persons)
    while frontier:
        step = list(frontier)
        near: set[int] = set()
        for start in range(0, len(step), BATCH):
            chunk = step[start : start + BATCH]
            for left, right in MatchPair.objects.filter(
                Q(left__in=chunk) | Q(right__in=chunk), status__in=c.JOINING
            ).values_list("left", "right"):
                near.update((left, right))
            identities = Membership.objects.filter(person__in=chunk).values("identity")
            near.update(
                Membership.objects.filter(identity__in=identities).values_list("person", flat=True)
            )
        frontier = near - found
        found |= frontier
    return found


def _groups(persons: set[int] | None) -> list[set[int]]:
    """Persons joined by confirmed pairs, then by linked pairs from the highest score down,
    never joining two groups between which a reviewer rejected a pair."""
    pairs = MatchPair.objects.filter(status__in=[*c.JOINING, c.PairStatus.REJECTED])
    fields = ("left", "right", "status", "probability")
    if persons is None:
        rows = list(pairs.values_list(*fields))
    else:
        listed = sorted(persons)
        rows = [
            row
            for start in range(0, len(listed), BATCH)
            for row in pairs.filter(left__in=listed[start : start + BATCH]).values_list(*fields)
            if row[1] in persons
        ]
    apart: dict[int, set[int]] = defaultdict(set)
    for left, right, status, _ in rows:
        if status == c.PairStatus.REJECTED:
            apart[left].add(right)
            apart[right].add(left)
    joining = sorted(
        (r for r in rows if r[2] in c.JOINING),
        key=lambda r: (r[2] != c.PairStatus.CONFIRMED, -r[3]),
    )
    group_of: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    for left, right, _, _ in joining:
        for person in (left, right):
            if person not in group_of:
                group_of[person] = person
                members[person] = {person}
        a, b = group_of[left], group_of[right]
        if a == b:
            continue
        small, large = (a, b) if len(members[a]) <= len(members[b]) else (b, a)
        if any(group_of.get(other) == large for p in members[small] for other in apart[p]):
            continue  # a reviewer said these are different persons
        for person in members[small]:
            group_of[person] = large
        members[large] |= members.pop(small)
    return [group for group in members.values() if len(group) > 1]


def _regroup(
    persons: Iterable[int] | None, hint: Mapping[int, int | None] | None = None
) -> tuple[dict[int, int | None], dict[int, int | None]]:
    """Derive the memberships of ``persons`` (None: everyone) and of all persons joined to
    them. Each group keeps the identity most of its members had (or, undoing a decision,
    the one ``hint`` says they had). Returns memberships before and after."""
    scope = None if persons is None else _closure(set(persons))
    current_q = (
        Membership.objects.all() if scope is None else Membership.objects.filter(person__in=scope)
    )
    current: dict[int, int] = dict(current_q.values_list("person", "identity"))
    groups = _groups(scope)
    basis = {**current, **{int(k): v for k, v in (hint or {}).items()}}
    taken: set[int] = set()
    wanted: dict[int, int] = {}
    for group in sorted(groups, key=len, reverse=True):
        votes = Counter(basis[p] for p in group if basis.get(p) is not None)
        choice = next((i for i, _ in votes.most_common() if i not in taken), None)
        if choice is None or not Identity.objects.filter(pk=choice).exists():
            choice = Identity.objects.create().pk
        taken.add(choice)
        for person in group:
            wanted[person] = choice
    gone = [p for p in current if p not in wanted]
    for start in range(0, len(gone), BATCH):
        Membership.objects.filter(person__in=gone[start : start + BATCH]).delete()
    moved = [p for p, i in wanted.items() if p in current and current[p] != i]
    by_identity: dict[int, list[int]] = defaultdict(list)
    for person in moved:
        by_identity[wanted[person]].append(person)
    for identity, members in by_identity.items():
        Membership.objects.filter(person__in=members).update(
            identity=identity, since=timezone.now()
        )
    Membership.objects.bulk_create(
        [Membership(person_id=p, identity_id=i) for p, i in wanted.items() if p not in current],
        batch_size=BATCH,
    )
    Identity.objects.filter(pk__in=set(wanted.values())).update(updated_at=timezone.now())
    everyone = set(current) | set(wanted)
    return (
        {p: current.get(p) for p in sorted(everyone)},
        {p: wanted.get(p) for p in sorted(everyone)},
    )


# --- decisions ------------------------------------------------------------------------------


def _decide(
    actor: Any,
    kind: str,
    statuses: Mapping[int, str],
    persons: set[int],
    note: str,
    pair: MatchPair | None = None,
    person: Person | None = None,
    identity: Identity | None = None,
    hint: Mapping[int, int | None] | None = None,
    undoes: Decision | None = None,
    before: Mapping[int, str] | None = None,
) -> Decision:
    """Set pair statuses (a status of "" deletes a pair a decision had made), regroup the
    persons involved, and record the decision with what it changed."""
    now = timezone.now()
    if before is None:
        before = dict(MatchPair.objects.filter(pk__in=list(statuses)).values_list("pk", "status"))
    for pk, status in statuses.items():
        if status:
            MatchPair.objects.filter(pk=pk).update(status=status, decided_by=actor, decided_at=now)
        else:
            MatchPair.objects.filter(pk=pk).delete()
    members_before, members_after = _regroup(persons, hint)
    decision = Decision.objects.create(
        kind=kind,
        actor=actor,
        pair=pair,
        person=person,
        identity=identity,
        note=note,
        statuses_before={str(k): v for k, v in before.items()},
        statuses_after={str(k): v for k, v in statuses.items()},
        members_before={str(k): v for k, v in members_before.items()},
        members_after={str(k): v for k, v in members_after.items()},
        undoes=undoes,
    )
    decision.persons.set(set(members_before) | set(persons))
    changed = {
        k: [members_before[k], v] for k, v in members_after.items() if members_before[k] != v
    }
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=decision,
        summary=f"linkage: {c.DecisionKind(kind).label.lower()} (decision #{decision.pk})",
        changes={
            "pairs": {str(k): [before.get(k, ""), v] for k, v in statuses.items()},
            "members": changed,
        },
    )
    return decision


def _pair_for(actor: Any, pair: MatchPair, allowed: Iterable[str], verb: str) -> MatchPair:
    require_row(actor, pair, "change")
    locked = MatchPair.objects.select_for_update().get(pk=pair.pk)
    if locked.status not in allowed:
        raise ValidationError(
            {
                "status": f"this pair is {c.PairStatus(locked.status).label.lower()}; "
                f"only a pair waiting for review or linked by score can be {verb}"
            }
        )
    return locked


@transaction.atomic
def confirm(actor: Any, pair: MatchPair, note: str = "") -> Decision:
    """The two persons are one: join their identities."""
    pair = _pair_for(actor, pair, [c.PairStatus.PENDING, c.PairStatus.LINKED], "confirmed")
    if note:
        MatchPair.objects.filter(pk=pair.pk).update(note=note)
    return _decide(
        actor,
        c.DecisionKind.CONFIRM,
        {pair.pk: c.PairStatus.CONFIRMED},
        {pair.left_id, pair.right_id},
        note,
        pair=pair,
    )


@transaction.atomic
def reject(actor: Any, pair: MatchPair, note: str = "") -> Decision:
    """The two persons are different: they never join, whatever else links them."""
    pair = _pair_for(actor, pair, [c.PairStatus.PENDING, c.PairStatus.LINKED], "rejected")
    if pair.status == c.PairStatus.LINKED and len(note.strip()) < 10:
        raise ValidationError(
            {"note": "say why the score's link joins two different persons (10 characters or more)"}
        )
    if note:
        MatchPair.objects.filter(pk=pair.pk).update(note=note)
    return _decide(
        actor,
        c.DecisionKind.REJECT,
        {pair.pk: c.PairStatus.REJECTED},
        {pair.left_id, pair.right_id},
        note,
        pair=pair,
    )


@transaction.atomic
def detach(actor: Any, person: Person, note: str) -> Decision:
    """Take a person out of their identity: every pair between them and its other members
    is rejected (pairs no run scored are made for the purpose)."""
    membership = Membership.objects.select_related("identity").filter(person=person).first()
    if membership is None:
        raise ValidationError({"person": "this person is not linked to anyone"})
    require_row(actor, membership.identity, "change")
    if len(note.strip()) < 10:
        raise ValidationError(
            {"note": "say why this person is not the others (10 characters or more)"}
        )
    others = list(
        Membership.objects.filter(identity=membership.identity_id)
        .exclude(person=person)
        .values_list("person", flat=True)
    )
    statuses: dict[int, str] = {}
    before: dict[int, str] = {}
    for other in others:
        left, right = sorted((person.pk, other))
        pair, created = MatchPair.objects.get_or_create(
            left_id=left,
            right_id=right,
            defaults={
                "run": None,
                "probability": 0.0,
                "weight": 0.0,
                "status": c.PairStatus.REJECTED,
            },
        )
        before[pair.pk] = "" if created else pair.status
        statuses[pair.pk] = c.PairStatus.REJECTED
    return _decide(
        actor,
        c.DecisionKind.DETACH,
        statuses,
        {person.pk, *others},
        note,
        person=person,
        identity=membership.identity,
        before=before,
    )


@transaction.atomic
def undo(actor: Any, decision: Decision, note: str = "") -> Decision:
    """Put back the pair statuses a decision changed, and with them its persons' identities
    (an unmerge, for a confirmation). Only while nothing later changed those pairs."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not Decision.objects.restrict(actor, "change").filter(pk=decision.pk).exists():
        raise PermissionDenied("you may not undo this decision")
    if decision.kind == c.DecisionKind.UNDO:
        raise ValidationError({"decision": "an undo cannot be undone; decide the pair again"})
    if Decision.objects.filter(undoes=decision).exists():
        raise ValidationError({"decision": "this decision was already undone"})
    pks = [int(k) for k in decision.statuses_after]
    now = dict(MatchPair.objects.filter(pk__in=pks).values_list("pk", "status"))
    if any(now.get(int(k)) != v for k, v in decision.statuses_after.items()):
        raise ValidationError(
            {"decision": "a later decision changed these pairs; undo that one first"}
        )
    persons = {int(k) for k in decision.members_before} | {
        p for pair in MatchPair.objects.filter(pk__in=pks) for p in (pair.left_id, pair.right_id)
    }
    restore = {int(k): v for k, v in decision.statuses_before.items()}
    hint = {int(k): v for k, v in decision.members_before.items()}
    return _decide(
        actor,
        c.DecisionKind.UNDO,
        restore,
        persons,
        note,
        pair=decision.pair,
        person=decision.person,
        identity=decision.identity,
        hint=hint,
        undoes=decision,
        before=now,
    )
