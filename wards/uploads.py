"""Evidence upload rules, reusable by every app: allowed types checked from the content, size limit."""

import io
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (320, 320)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
}
IMAGE_TYPES = ("image/jpeg", "image/png")


def _office_type(head: bytes, upload) -> str | None:
    """DOCX and XLSX are zip containers: tell them apart by their parts, not by the name."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names and "wordprocessingml" in types:
        return DOCX
    if "xl/workbook.xml" in names and "spreadsheetml" in types:
        return XLSX
    return None


def sniff(upload) -> str | None:
    """The MIME type the content shows, or None when it is not one of the allowed types."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/pdf" or (mime is None and head.startswith(b"%PDF-")):
        return "application/pdf"
    if mime in IMAGE_TYPES:
        return mime
    if head.startswith(b"PK\x03\x04"):
        return _office_type(head, upload)
    return None


def validate_upload(upload) -> str:
    """Check one uploaded file and return its sniffed MIME type, or raise a Vietnamese ValidationError."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name}, code="too_large")
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    mime = sniff(upload)
    if mime is None:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG, PDF, DOCX or XLSX file (checked from its content).")
            % {"name": name},
            code="type",
        )
    if mime in IMAGE_TYPES:
        _check_image(upload, name)
    return mime


def _check_image(upload, name: str) -> None:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken image
        raise ValidationError(_("%(name)s is not a readable image.") % {"name": name}, code="image") from None
    finally:
        upload.seek(0)


def make_thumbnail(upload) -> bytes | None:
    """A small JPEG of a photo, or None when it cannot be made."""
    from PIL import Image, ImageOps

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except Exception:  # a thumbnail is a nicety: the original stays available
        return None
    finally:
        upload.seek(0)
