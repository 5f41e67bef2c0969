"""Every write of the network's coordination: one function per act, in a transaction,
audited; errors name the field and what is allowed.

The secretariat runs the network (members, focal points, governance, groups, meetings,
decisions, action points, documents); an action point's owner organisation moves its own
action points along. The record of a meeting closes when its minutes are approved: its
agenda, attendance, minutes and decisions then stay as approved (corrections go into a later
meeting's minutes). Action points live on: they are follow-up, not record.
"""

from tipsom.network.services.actions import (
    add_action_point,
    remind,
    set_status,
    update_action_point,
)
from tipsom.network.services.documents import (
    delete_document,
    record_download,
    update_document,
    upload_document,
)
from tipsom.network.services.meetings import (
    add_agenda_item,
    approve_minutes,
    cancel_meeting,
    record_attendance,
    record_decision,
    record_minutes,
    schedule_meeting,
    update_meeting,
)
from tipsom.network.services.members import (
    add_focal_point,
    add_governance_term,
    add_group_member,
    create_group,
    end_governance_term,
    remove_focal_point,
    remove_group_member,
    set_membership,
    update_group,
)

__all__ = [
    "add_action_point",
    "add_agenda_item",
    "add_focal_point",
    "add_governance_term",
    "add_group_member",
    "approve_minutes",
    "cancel_meeting",
    "create_group",
    "delete_document",
    "end_governance_term",
    "record_attendance",
    "record_decision",
    "record_download",
    "record_minutes",
    "remind",
    "remove_focal_point",
    "remove_group_member",
    "schedule_meeting",
    "set_membership",
    "set_status",
    "update_action_point",
    "update_document",
    "update_group",
    "update_meeting",
    "upload_document",
]
