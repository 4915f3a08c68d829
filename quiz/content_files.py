"""The content files in and out from the admin: a zip to download, an upload checked and loaded.

Downloading writes what ``export_content`` writes (:func:`quiz.content.content_export`) into a zip.
Uploading takes that zip back (or the four files): :func:`read_upload` refuses anything but the
four expected names, bounded in size, each valid JSON of the right shape; :func:`dry_run` loads them
inside a transaction that is rolled back, and says what *would* change, item by item (the roles
created, the fields of each role that would change, the questions added, removed or reworded), by
comparing the content exported before and after the load; :func:`apply` does the same load for real.

Between the dry run and the apply, the files wait in a private temporary directory named by a random
token that only the uploader's session knows (:func:`stash`, :func:`unstash`), with their hash; never
in the repository's ``content/`` directory.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from careers.models import Dimension, Role, Source
from quiz.content import (
    ContentConflict,
    LoadReport,
    content_export,
    content_load,
    export_dimensions,
    export_questionnaire,
    export_roles,
    export_sources,
    file_key,
)
from quiz.models import Questionnaire

# The files export_content writes and load_content reads, in the order of the zip.
FILE_NAMES = ("dimensions.json", "sources.json", "roles.json", "questionnaire.json")
SHAPES = {"dimensions.json": list, "sources.json": list, "roles.json": list, "questionnaire.json": dict}
# The seeded content is about 300 KB in all: these limits leave room for ten times more.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one uploaded file, a zip or a JSON file
MAX_CONTENT_BYTES = 20 * 1024 * 1024  # the four files together, uncompressed
# A stashed upload is removed once applied, and any left behind after this long.
STASH_SECONDS = 24 * 60 * 60


class UploadError(ValueError):
    """An upload that cannot be loaded; the message says why, for the editor."""


def content_zip() -> bytes:
    """The content as ``export_content`` writes it, the four files in one zip."""
    with tempfile.TemporaryDirectory(prefix="cap-ia-export-") as tmp:
        directory = Path(tmp)
        content_export(directory=directory)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in FILE_NAMES:
                archive.write(directory / name, arcname=name)
    return buffer.getvalue()


def content_file(name: str) -> bytes:
    """One of the four files, as ``export_content`` writes it."""
    if name not in FILE_NAMES:
        raise KeyError(name)
    with tempfile.TemporaryDirectory(prefix="cap-ia-export-") as tmp:
        content_export(directory=Path(tmp))
        return (Path(tmp) / name).read_bytes()


def read_upload(files) -> dict[str, bytes]:
    """The four files of an upload (one zip, or the JSON files themselves), checked: only the expected
    names, no folders, each upload and the whole bounded in size, each file valid JSON of its shape."""
    if not files:
        raise UploadError(_("Choose the zip of the content files, or the four JSON files."))
    contents: dict[str, bytes] = {}
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            raise UploadError(
                _("%(name)s is too big: at most %(limit)s MB per file.")
                % {"name": upload.name, "limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        data = upload.read()
        if upload.name.lower().endswith(".zip") or zipfile.is_zipfile(io.BytesIO(data)):
            if len(files) > 1:
                raise UploadError(_("Upload either one zip or the JSON files, not both."))
            contents = _unzip(upload.name, data)
        else:
            _check_name(upload.name)
            if upload.name in contents:
                raise UploadError(_("%(name)s is there twice.") % {"name": upload.name})
            contents[upload.name] = data
    if sum(len(data) for data in contents.values()) > MAX_CONTENT_BYTES:
        raise UploadError(_("The files are too big: at most %(limit)s MB in all.") % _limit())
    for name in FILE_NAMES:
        if name in contents:
            parse(name, contents[name])
    missing = [name for name in FILE_NAMES if name not in contents]
    if missing:
        raise UploadError(
            _("Missing: %(names)s. Upload the four files export_content writes: %(all)s.")
            % {"names": ", ".join(missing), "all": ", ".join(FILE_NAMES)}
        )
    return {name: contents[name] for name in FILE_NAMES}


def _limit() -> dict:
    return {"limit": MAX_CONTENT_BYTES // (1024 * 1024)}


def _check_name(name: str) -> None:
    if name not in FILE_NAMES:
        raise UploadError(
            _("%(name)s is not a content file. Only these are: %(all)s.")
            % {"name": name, "all": ", ".join(FILE_NAMES)}
        )


def _unzip(zip_name: str, data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise UploadError(_("%(name)s is not a valid zip file.") % {"name": zip_name}) from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        for info in entries:
            if info.filename not in FILE_NAMES:
                raise UploadError(
                    _(
                        "The zip holds %(name)s, which is not a content file. Zip only these files, "
                        "without a folder: %(all)s."
                    )
                    % {"name": info.filename, "all": ", ".join(FILE_NAMES)}
                )
        if len({info.filename for info in entries}) != len(entries):
            raise UploadError(_("The zip holds the same file twice."))
        # The sizes a zip declares may lie: read no more than the limit, whatever they say.
        contents, left = {}, MAX_CONTENT_BYTES
        for info in entries:
            if info.file_size > left:
                raise UploadError(_("The files are too big: at most %(limit)s MB in all.") % _limit())
            try:
                with archive.open(info) as member:
                    read = member.read(left + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
                raise UploadError(
                    _("%(name)s cannot be read from the zip.") % {"name": info.filename}
                ) from None
            if len(read) > left:
                raise UploadError(_("The files are too big: at most %(limit)s MB in all.") % _limit())
            left -= len(read)
            contents[info.filename] = read
    return contents


def parse(name: str, data: bytes):
    """A content file's JSON, or an :class:`UploadError` that says what is wrong with it."""
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UploadError(_("%(name)s is not UTF-8 text.") % {"name": name}) from None
    except (json.JSONDecodeError, RecursionError) as error:
        detail = getattr(error, "msg", "")
        where = {"name": name, "line": getattr(error, "lineno", "?"), "detail": detail}
        raise UploadError(_("%(name)s is not valid JSON (line %(line)s: %(detail)s).") % where) from None
    shape = SHAPES[name]
    if not isinstance(value, shape):
        expected = _("a list") if shape is list else _("an object")
        raise UploadError(_("%(name)s must hold %(expected)s.") % {"name": name, "expected": expected})
    if shape is list and not all(isinstance(item, dict) for item in value):
        raise UploadError(_("Every entry of %(name)s must be an object.") % {"name": name})
    return value


# The dry run and the apply.


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Changed:
    key: str
    name: str
    changes: list[FieldChange]

    @property
    def fields(self) -> list[str]:
        return [change.label for change in self.changes]


EXCERPT_LENGTH = 160


def _as_text(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def excerpts(before, after) -> tuple[str, str]:
    """The two values as text, cut to the part where they start to differ: a long summary or a
    role's routes show the sentence that changed, not their first 160 characters. Of two lists
    (salary ranges, routes), only the entries that differ, each on its own."""
    if isinstance(before, list) and isinstance(after, list):
        differ = [i for i in range(max(len(before), len(after))) if before[i : i + 1] != after[i : i + 1]]
        before = [before[i] for i in differ if i < len(before)]
        after = [after[i] for i in differ if i < len(after)]
        old = " · ".join(_as_text(item) for item in before) or "—"
        new = " · ".join(_as_text(item) for item in after) or "—"
    else:
        old, new = _as_text(before), _as_text(after)
    same = len(os.path.commonprefix([old, new]))
    start = max(0, same - EXCERPT_LENGTH // 4)

    def cut(text: str) -> str:
        part = text[start : start + EXCERPT_LENGTH]
        return ("…" if start else "") + part + ("…" if start + EXCERPT_LENGTH < len(text) else "")

    return cut(old), cut(new)


@dataclass
class Section:
    title: str
    created: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    created_keys: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed or self.removed)


@dataclass
class ContentDiff:
    sections: list[Section]
    questionnaire: str  # what happens to the published questionnaire, in a sentence
    notes: list[str]
    report: LoadReport

    @property
    def has_changes(self) -> bool:
        return any(s.has_changes for s in self.sections) or bool(self.report.created or self.report.updated)


class _DryRun(Exception):
    """Raised inside the dry run's transaction so that it rolls back."""


def write_files(directory: Path, contents: dict[str, bytes]) -> None:
    for name in FILE_NAMES:
        (directory / name).write_bytes(contents[name])


def dry_run(*, directory: Path, reset: bool) -> ContentDiff:
    """What loading the files in ``directory`` would change. Nothing is kept: the load runs in a
    transaction that is rolled back."""
    holder: list[ContentDiff] = []
    try:
        with transaction.atomic():
            holder.append(_load_and_compare(directory, reset))
            raise _DryRun
    except _DryRun:
        pass
    return holder[0]


def apply(*, directory: Path, reset: bool) -> ContentDiff:
    """Load the files in ``directory`` for real; say what changed."""
    with transaction.atomic():
        return _load_and_compare(directory, reset)


def _load_and_compare(directory: Path, reset: bool) -> ContentDiff:
    before = snapshot()
    try:
        with transaction.atomic():
            report = content_load(directory=directory, reset=reset)
    except ContentConflict as conflict:
        raise UploadError(_("Nothing can be loaded: %(why)s") % {"why": conflict}) from None
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in getattr(error, "message_dict", {"__all__": error.messages}).items()
        )
        raise UploadError(
            _("Nothing can be loaded, a value is not valid: %(why)s") % {"why": messages}
        ) from None
    except KeyError as error:
        raise UploadError(
            _("Nothing can be loaded: an entry lacks %(key)s, or names something the files do not have.")
            % {"key": error}
        ) from None
    except (TypeError, ValueError, AttributeError, DatabaseError) as error:
        raise UploadError(
            _("Nothing can be loaded, the files are malformed: %(why)s") % {"why": error}
        ) from None
    return compare(before, snapshot(), report)


def snapshot() -> dict:
    """The content as the files say it, keyed the way the files key it."""
    published = Questionnaire.objects.published().first()
    return {
        "sources": {s["key"]: s for s in export_sources()},
        "dimensions": {d.get("key") or d["slug"]: d for d in export_dimensions()},
        "roles": {r.get("key") or r["slug"]: r for r in export_roles()},
        "questionnaire": (published.pk, export_questionnaire(published)) if published else (None, None),
    }


def _labels(model) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}


def role_labels() -> dict[str, str]:
    return _labels(Role) | {
        "key": _("content key"),
        "profile": _("profile"),
        "salary_ranges": _("salaries"),
        "rome_codes": _("ROME codes"),
        "career_moves": _("career moves"),
        "routes": _("routes to the job"),
        "practice": _("practice steps"),
        "sources": _("sources"),
        "is_published": _("published"),
    }


def _compare_rows(title: str, before: dict, after: dict, labels: dict[str, str], name) -> Section:
    section = Section(title)
    for key, row in after.items():
        old = before.get(key)
        if old is None:
            section.created.append(name(row))
            section.created_keys.append(key)
            continue
        changes = [
            FieldChange(labels.get(f, f), *excerpts(old.get(f), row.get(f)))
            for f in [*old, *(k for k in row if k not in old)]
            if old.get(f) != row.get(f)
        ]
        if changes:
            section.changed.append(Changed(key, name(row), changes))
        else:
            section.unchanged += 1
    section.removed = [name(row) for key, row in before.items() if key not in after]
    return section


def _question_name(q: dict) -> str:
    return f"{q['key']} — {q['text']}"


def compare(before: dict, after: dict, report: LoadReport) -> ContentDiff:
    sections = [
        _compare_rows(
            _("Dimensions"),
            before["dimensions"],
            after["dimensions"],
            _labels(Dimension),
            lambda d: d["name"],
        ),
        _compare_rows(_("Sources"), before["sources"], after["sources"], _labels(Source), lambda s: s["key"]),
        _compare_rows(
            _("Roles"),
            before["roles"],
            after["roles"],
            role_labels(),
            lambda r: f"{r['title']} ({r['slug']})" + ("" if r.get("is_published", True) else _(", draft")),
        ),
    ]
    (old_pk, old_q), (new_pk, new_q) = before["questionnaire"], after["questionnaire"]
    if old_pk == new_pk:
        sentence = _("The published questionnaire stays as it is.")
    else:
        sentence = _(
            "The questionnaire of the files, “%(title)s”, would be published as a new version; the one "
            "published now stays, unpublished, for the quizzes in progress on it."
        ) % {"title": new_q["title"]}
        questions = _compare_rows(
            _("Questions (against the questionnaire published now)"),
            {q["key"]: q for q in (old_q or {}).get("questions", [])},
            {q["key"]: q for q in new_q["questions"]},
            {
                "text": _("text"),
                "help_text": _("help text"),
                "kind": _("kind"),
                "asks": _("asks"),
                "choices": _("choices"),
            },
            _question_name,
        )
        sections.append(questions)
    return ContentDiff(sections=sections, questionnaire=sentence, notes=list(report.notes), report=report)


# Between the dry run and the apply.


def stash_root() -> Path:
    return Path(
        getattr(settings, "CONTENT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "cap-ia-content-uploads"
    )


def digest(contents: dict[str, bytes]) -> str:
    sha = hashlib.sha256()
    for name in FILE_NAMES:
        sha.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    return sha.hexdigest()


def stash(contents: dict[str, bytes]) -> tuple[str, str]:
    """Keep an upload for its apply: a private directory named by a random token. Returns the token
    and the files' hash (both for the uploader's session); removes what was left behind long ago."""
    root = stash_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - STASH_SECONDS
    for old in root.iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    token = secrets.token_hex(16)
    directory = root / token
    directory.mkdir(mode=0o700)
    write_files(directory, contents)
    return token, digest(contents)


def stashed(token: str, sha: str) -> Path | None:
    """The stashed upload's directory, if it is still there and unchanged."""
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        return None
    directory = stash_root() / token
    try:
        contents = {name: (directory / name).read_bytes() for name in FILE_NAMES}
    except OSError:
        return None
    return directory if secrets.compare_digest(digest(contents), sha) else None


def unstash(token: str) -> None:
    if len(token) == 32 and all(c in "0123456789abcdef" for c in token):
        shutil.rmtree(stash_root() / token, ignore_errors=True)


def log_load(*, user_id: int, diff: ContentDiff, reset: bool) -> int:
    """Write the admin's history (``LogEntry``) of an applied load: an addition per dimension or role
    created, a change per role changed (naming its fields), an addition for the questionnaire published
    as a new version. Returns how many entries were written."""
    dimensions, sources, roles = diff.sections[:3]
    source = (
        _("Loaded from the content files (bringing roles back to the files)")
        if reset
        else _("Loaded from the content files")
    )
    entries = []
    by_key = {file_key(r): r for r in Role.objects.all()}
    for key in roles.created_keys:
        if key in by_key:
            entries.append((by_key[key], ADDITION, source))
    for change in roles.changed:
        if change.key in by_key:
            entries.append(
                (
                    by_key[change.key],
                    CHANGE,
                    _("%(source)s: %(fields)s") % {"source": source, "fields": ", ".join(change.fields)},
                )
            )
    dims = {file_key(d): d for d in Dimension.objects.all()}
    entries += [(dims[key], ADDITION, source) for key in dimensions.created_keys if key in dims]
    if len(diff.sections) > 3:
        published = Questionnaire.objects.published().first()
        if published is not None:
            entries.append((published, ADDITION, source))
    for obj, flag, message in entries:
        LogEntry.objects.log_actions(user_id, [obj], flag, message, single_object=True)
    return len(entries)
