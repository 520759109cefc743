"""Evidence upload rules, reusable by every app: allowed types checked from the content, size limit."""

import io
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (320, 320)
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo; more is a decompression bomb
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # declared size of all parts of a DOCX/XLSX
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Markup or active content inside an image or a PDF: a polyglot a browser or reader might run.
ACTIVE_CONTENT = (b"<script", b"<html", b"<svg", b"<!doctype", b"<iframe", b"<body", b"javascript:")
PDF_ACTIVE = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile")

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
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
                return None
            # Never inflate a bomb: only the small part list is read, and only when the declared
            # sizes are those of an office document.
            if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
                return None
            if archive.getinfo("[Content_Types].xml").file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            with archive.open("[Content_Types].xml") as part:
                types = part.read(MAX_CONTENT_TYPES_BYTES + 1).decode("utf-8", "replace")
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
    if any(ord(char) < 32 or char in "/\\" for char in name):
        raise ValidationError(_("The file name contains characters that are not allowed."), code="name")
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
    if mime in IMAGE_TYPES or mime == "application/pdf":
        _check_no_active_content(upload, name, mime)
    if mime in IMAGE_TYPES:
        _check_image(upload, name)
    return mime


def _check_no_active_content(upload, name: str, mime: str) -> None:
    upload.seek(0)
    body = upload.read(MAX_UPLOAD_BYTES + 1).lower()
    upload.seek(0)
    patterns = ACTIVE_CONTENT + (PDF_ACTIVE if mime == "application/pdf" else ())
    if any(pattern in body for pattern in patterns):
        raise ValidationError(
            _("%(name)s contains scripts or web content and is refused.") % {"name": name}, code="active"
        )


def _check_image(upload, name: str) -> None:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValueError("decompression bomb")
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
