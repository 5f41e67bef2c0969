"""Documents of the network: uploaded, re-labelled and removed by the secretariat, read up
to each reader's access level."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from tipsom.cases import validation as v
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.network import choices as c
from tipsom.network.models import Document, Meeting, WorkingGroup
from tipsom.network.services._common import clean_tags, stripped, unknown

# Office documents, PDFs, text and pictures: what a network shares; nothing a browser runs.
EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "ppt",
    "pptx",
    "odp",
    "png",
    "jpg",
    "jpeg",
)
DOCUMENT_FIELDS = [
    "title",
    "description",
    "access_level",
    "meeting",
    "group",
    "gcm_objectives",
    "sdg_targets",
]


def _check(errors: v.Errors, data: Mapping[str, Any], new: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "title" in data or new:
        fields["title"] = stripped(data, "title")
        if not fields["title"]:
            errors.add("title", "give the document a title")
    if "description" in data:
        fields["description"] = stripped(data, "description")
    if "access_level" in data or new:
        level = stripped(data, "access_level") or c.AccessLevel.MEMBERS
        v.one_of(errors, "access_level", level, c.AccessLevel, required=True)
        fields["access_level"] = level
    for name, model, what in (("meeting", Meeting, "meeting"), ("group", WorkingGroup, "group")):
        if name in data:
            if data[name] is not None and not isinstance(data[name], model):
                errors.add(name, f"give a {what}, or none")
            fields[name] = data[name]
    fields.update(clean_tags(errors, data))
    return fields


@transaction.atomic
def upload_document(actor: Any, data: Mapping[str, Any], upload: UploadedFile | None) -> Document:
    """Store a document (PDF, office file, text, picture; up to TIPSOM_MAX_UPLOAD_MB) with
    who may read it: the public, network members, or the secretariat only."""
    require(actor, "networkdocument", "add", None)
    unknown(data, DOCUMENT_FIELDS)
    errors = v.Errors()
    fields = _check(errors, data, new=True)
    name = ""
    if upload is None or not getattr(upload, "name", ""):
        errors.add("file", "choose the file to upload")
    else:
        name = get_valid_filename(PurePath(str(upload.name)).name)[-150:]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        limit = settings.TIPSOM_MAX_UPLOAD_MB
        if extension not in EXTENSIONS:
            errors.add(
                "file",
                f"'.{extension}' files are not taken; allowed: {', '.join(EXTENSIONS)}"
                if extension
                else f"the file has no extension; allowed: {', '.join(EXTENSIONS)}",
            )
        if not upload.size:
            errors.add("file", "the file is empty")
        elif upload.size > limit << 20:
            errors.add("file", f"the file is larger than {limit} MB")
    errors.raise_if_any()
    assert upload is not None  # required: an error above otherwise
    upload.name = name
    document = Document(filename=name, size=upload.size or 0, uploaded_by=actor, **fields)
    document.file = upload  # stored under MEDIA_ROOT on save
    audited_create(actor, document)
    return document


@transaction.atomic
def update_document(actor: Any, document: Document, data: Mapping[str, Any]) -> dict[str, Any]:
    """Retitle a document, change who may read it, what it belongs to, or its tags."""
    require_row(actor, document, "change")
    unknown(data, DOCUMENT_FIELDS)
    errors = v.Errors()
    fields = _check(errors, data, new=False)
    errors.raise_if_any()
    return audited_update(actor, document, fields, list(fields))


@transaction.atomic
def delete_document(actor: Any, document: Document) -> None:
    """Remove a document; its file goes from the disk once the removal is committed."""
    require_row(actor, document, "delete")
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=document,
        summary=f"network document {document.pk} ({document.filename}) removed",
        changes={"title": [document.title, None], "access_level": [document.access_level, None]},
    )
    storage, name = document.file.storage, str(document.file.name)
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def record_download(actor: Any, document: Document) -> None:
    """A signed-in reader downloaded a members' or secretariat document (public ones are
    everyone's and not logged)."""
    if document.access_level == c.AccessLevel.PUBLIC or not getattr(
        actor, "is_authenticated", False
    ):
        return
    audit.record(
        AuditAction.VIEW,
        actor=actor,
        instance=document,
        summary=f"downloaded network document {document.pk}",
    )
