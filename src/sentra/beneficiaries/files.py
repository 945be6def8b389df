"""Checks on uploaded files: the bytes decide the type (never the browser's word), and size limits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MB = 1024 * 1024
PHOTO_MAX_BYTES = 5 * MB
EVIDENCE_MAX_BYTES = 10 * MB
IMPORT_MAX_BYTES = 50 * MB

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "m4a": (),
    "ogg": (b"OggS",),
}


def sniff(upload: UploadedFile) -> str | None:
    """The file type read from its first bytes, or None when unknown."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in _SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            if kind == "webp" and head[8:12] != b"WEBP":
                continue
            return kind
    if head[4:8] == b"ftyp":
        return "m4a"
    return None


def _check(upload: UploadedFile, *, field: str, allowed: set[str], max_bytes: int, label: str) -> str:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError({field: [_("The file is larger than {size} MB.").format(size=max_bytes // MB)]})
    if not upload.size:
        raise ValidationError({field: [_("The file is empty.")]})
    kind = sniff(upload)
    if kind not in allowed:
        raise ValidationError({field: [_("Upload {label}.").format(label=label)]})
    return kind


def check_photo(upload: UploadedFile, field: str = "photo") -> str:
    return _check(
        upload,
        field=field,
        allowed={"jpeg", "png", "webp"},
        max_bytes=PHOTO_MAX_BYTES,
        label=_("a JPEG, PNG or WebP picture of at most 5 MB"),
    )


def check_evidence(upload: UploadedFile, field: str = "evidence") -> str:
    return _check(
        upload,
        field=field,
        allowed={"jpeg", "png", "webp", "pdf", "mp3", "m4a", "ogg"},
        max_bytes=EVIDENCE_MAX_BYTES,
        label=_("a scan (PDF, JPEG, PNG) or a recording (MP3, M4A, OGG) of at most 10 MB"),
    )


def import_format(upload: UploadedFile, field: str = "file") -> str:
    """``csv`` or ``xlsx``: an XLSX is a zip; a CSV must be text (UTF-8) with no NUL bytes."""
    if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(
            {field: [_("The file is larger than {size} MB.").format(size=IMPORT_MAX_BYTES // MB)]}
        )
    if not upload.size:
        raise ValidationError({field: [_("The file is empty.")]})
    if sniff(upload) == "xlsx":
        return "xlsx"
    sample_size = 64 * 1024
    upload.seek(0)
    head = upload.read(sample_size)
    upload.seek(0)
    if b"\x00" in head:
        raise ValidationError({field: [_("Upload a CSV (UTF-8 text) or an Excel XLSX file.")]})
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is fine; anything else is not UTF-8.
        cut = len(head) == sample_size and exc.reason == "unexpected end of data"
        if not cut:
            raise ValidationError(
                {field: [_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and upload again.")]}
            ) from None
    return "csv"
