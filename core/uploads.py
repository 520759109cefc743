"""The one upload check of every form: each file is parsed as the type its content shows, never grepped.

`check_upload(upload)` returns a `CheckedUpload` (the bytes to store, the detected type, the server's
stored-name extension and a safe display name) or raises a Vietnamese ValidationError:
- PDF: opened with qpdf (pikepdf); refused when any object - object streams included, names already
  decoded from their #xx escapes by the parser - holds JavaScript, an opening or additional action,
  Launch, an embedded file, RichMedia or XFA; stored as qpdf re-wrote it (appended bytes dropped).
- JPEG/PNG: decoded and re-encoded by Pillow within a pixel limit, so appended payloads, text chunks and
  metadata do not survive.
- DOCX/XLSX: opened as a zip within limits (parts, total size, ratio); refused on macros and ActiveX/OLE
  by the declared content types, on external relationships other than hyperlinks (remote templates,
  linked images), and on any DTD or entity in a part (defusedxml).
"""

import io
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
import pikepdf
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo; more is a decompression bomb
THUMBNAIL_SIZE = (320, 320)
MAX_PDF_OBJECTS = 200_000
MAX_ZIP_MEMBERS = 2_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # all parts of a DOCX/XLSX together
MAX_ZIP_RATIO = 200  # XML compresses well, but not a thousandfold
MAX_DISPLAY_NAME = 120

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}
NAME_EXTENSIONS = {JPEG: {"jpg", "jpeg", "jfif"}, PNG: {"png"}, PDF: {"pdf"}, DOCX: {"docx"}, XLSX: {"xlsx"}}
IMAGE_TYPES = (JPEG, PNG)
EVIDENCE_TYPES = frozenset(EXTENSIONS)
SCAN_TYPES = frozenset({PDF, JPEG, PNG})

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# Declared content types that carry code or foreign programs, whatever the part is called.
OFFICE_ACTIVE_TYPES = ("vbaproject", "vbadata", "macroenabled", "macrosheet", "activex", "oleobject")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# PDF names that run something or carry another file; found as keys or values anywhere.
PDF_ACTIVE_NAMES = frozenset(
    {"/JavaScript", "/JS", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
# Unicode format characters (bidi overrides and isolates, zero-width marks) re-order or hide a name.
NAME_REFUSED = frozenset("/\\")


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the check: store `content`, never the upload's own bytes or name."""

    content: bytes
    mime: str
    display_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime]

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_image(self) -> bool:
        return self.mime in IMAGE_TYPES

    def as_file(self) -> ContentFile:
        """The content under a name the server made, with the extension of the detected type."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")

    @staticmethod
    def stored_name(stored: ContentFile) -> str:
        """The name as_file() gave `stored` (always set; typed as optional by Django)."""
        assert stored.name is not None
        return stored.name


class Refused(Exception):
    """Internal: the content is not acceptable; the message says why, in the user's language."""


def check_upload(upload, *, allowed: frozenset[str] = EVIDENCE_TYPES) -> CheckedUpload:
    """Check one uploaded file; the ValidationError names the file and the reason in Vietnamese."""
    raw_name = getattr(upload, "name", "") or ""
    if any(ord(char) < 32 or char in NAME_REFUSED for char in raw_name):
        raise ValidationError(_("The file name contains characters that are not allowed."), code="name")
    name = display_name(raw_name)
    size = getattr(upload, "size", 0) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name}, code="too_large")
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if not data:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": name}, code="too_large")
    mime = detect(data)
    if mime is None or mime not in allowed:
        if allowed == SCAN_TYPES:
            message = _("%(name)s is not a PDF, JPEG or PNG file (checked from its content).")
        else:
            message = _("%(name)s is not a JPEG, PNG, PDF, DOCX or XLSX file (checked from its content).")
        raise ValidationError(message % {"name": name}, code="type")
    extension = PurePosixPath(raw_name).suffix.lower().lstrip(".")
    if extension and extension not in NAME_EXTENSIONS[mime]:
        raise ValidationError(
            _("%(name)s is named .%(extension)s but its content is a %(kind)s file; rename it and try again.")
            % {"name": name, "extension": extension[:10], "kind": EXTENSIONS[mime].upper()},
            code="extension",
        )
    try:
        content = CLEANERS[mime](data)
    except Refused as reason:
        raise ValidationError(
            _("%(name)s is refused: %(reason)s") % {"name": name, "reason": reason}, code="content"
        ) from None
    return CheckedUpload(content=content, mime=mime, display_name=name)


def display_name(name: str) -> str:
    """The user's file name as a label only: no folders, no format characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"))
    name = " ".join(name.split()) or "tep-dinh-kem"
    if len(name) <= MAX_DISPLAY_NAME:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix[:10]
    return path.stem[: MAX_DISPLAY_NAME - len(suffix) - 1] + "…" + suffix


def detect(data: bytes) -> str | None:
    """The allowed type the content shows, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    kind = filetype.guess(data[:8192])
    if kind and kind.mime in IMAGE_TYPES:
        return kind.mime
    if data.startswith(b"PK\x03\x04"):
        return office_type(data)
    return None


def mime_of_stored(name: str) -> str:
    """The type to serve a stored file with, from the extension the server gave it."""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    return next((mime for mime, ext in EXTENSIONS.items() if ext == extension), "application/octet-stream")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(forms.FileField):
    """Several files at once; cleans to a list of CheckedUpload, every error of every file listed."""

    allowed = EVIDENCE_TYPES

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx,.xlsx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload, allowed=self.allowed))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class UploadField(forms.FileField):
    """One file; cleans to a CheckedUpload of one of `allowed` types."""

    def __init__(self, *args, allowed: frozenset[str] = EVIDENCE_TYPES, **kwargs):
        self.allowed = allowed
        accept = ",".join(f".{EXTENSIONS[mime]}" for mime in sorted(allowed))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return check_upload(upload, allowed=self.allowed) if upload else upload


# Images ------------------------------------------------------------------------------------------------


def clean_image(data: bytes) -> bytes:
    """Decode every pixel and encode them again: only the picture survives, turned upright."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Refused(_("the image has more than 50 million pixels."))
            _load_whole(image)
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if image_format == "JPEG":
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=90)
            else:
                upright.save(out, "PNG", optimize=True)
            return out.getvalue()
    except Refused:
        raise
    except Exception:  # Pillow raises many kinds for a broken or hostile image
        raise Refused(_("it is not a readable image.")) from None


def _load_whole(image) -> None:
    """Decode every pixel, refusing a truncated file even though WeasyPrint, once imported, tells
    Pillow to accept truncated images process-wide (weasyprint/images.py)."""
    accepted = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepted


def make_thumbnail(content: bytes) -> bytes | None:
    """A small JPEG of a checked photo, or None when it cannot be made."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except Exception:  # a thumbnail is a nicety: the original stays available
        return None


# PDF ---------------------------------------------------------------------------------------------------


def clean_pdf(data: bytes) -> bytes:
    """Refuse a PDF that can act on its own or carries another file; store qpdf's rewrite of it."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.objects) > MAX_PDF_OBJECTS:
                raise Refused(_("the PDF has too many objects."))
            for item in [pdf.trailer, *pdf.objects]:
                _check_pdf_object(item, depth=0)
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except pikepdf.PasswordError:
        raise Refused(_("the PDF is protected by a password and cannot be checked.")) from None
    except (pikepdf.PdfError, RecursionError, ValueError, RuntimeError):
        raise Refused(_("it is not a readable PDF.")) from None


def _check_pdf_object(item, *, depth: int) -> None:
    """Walk one object's direct contents; indirect ones are visited from the object list themselves."""
    if depth > 50:
        raise Refused(_("the PDF is nested too deeply."))
    if isinstance(item, pikepdf.Name):
        if str(item) in PDF_ACTIVE_NAMES:
            raise Refused(_("the PDF holds scripts, actions or embedded files."))
        return
    if isinstance(item, pikepdf.Stream):
        item = item.stream_dict
    if isinstance(item, pikepdf.Dictionary):
        for key in list(item.keys()):  # noqa: SIM118 - pikepdf dictionaries iterate like this
            if key in PDF_ACTIVE_NAMES:
                raise Refused(_("the PDF holds scripts, actions or embedded files."))
            value = item.get(key)
            # An opening destination (a page to show) is harmless; an opening action is not.
            if key == "/OpenAction" and not isinstance(value, pikepdf.Array):
                raise Refused(_("the PDF holds scripts, actions or embedded files."))
            _check_direct(value, depth=depth)
    elif isinstance(item, pikepdf.Array):
        for value in item:
            _check_direct(value, depth=depth)


def _check_direct(value, *, depth: int) -> None:
    """Scalars come back as Python values; containers that are indirect get their own visit."""
    containers = pikepdf.Name | pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream
    if isinstance(value, containers) and not value.is_indirect:
        _check_pdf_object(value, depth=depth + 1)


# Office documents ----------------------------------------------------------------------------------------


def office_type(data: bytes) -> str | None:
    """DOCX or XLSX from the declared type of the main part, or None when the zip is not one of them."""
    if _declared_members(data) > MAX_ZIP_MEMBERS:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                return None
            if "[Content_Types].xml" not in archive.namelist():
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, zipfile.LargeZipFile):
        return None
    if WORD_MAIN in types:
        return DOCX
    if SHEET_MAIN in types:
        return XLSX
    return None


def _declared_members(data: bytes) -> int:
    """The part count of the zip's end record, read before the directory is parsed (a cheap refusal)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return 0
    return int.from_bytes(data[end + 10 : end + 12], "little")


def clean_office(data: bytes) -> bytes:
    """Check a DOCX/XLSX part by part within limits; the checked bytes are stored unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_zip_sizes(infos)
            _check_content_types(_read_xml(archive, archive.getinfo("[Content_Types].xml")))
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    root = _read_xml(archive, info)
                    if info.filename.endswith(".rels"):
                        _check_relationships(root)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, NotImplementedError):
        raise Refused(_("it is not a readable Word or Excel file.")) from None
    return data


def _check_zip_sizes(infos) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise Refused(_("the document has too many parts."))
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise Refused(_("the document expands to more than 100 MB."))
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise Refused(_("the document is compressed suspiciously much (a zip bomb)."))
        if info.flag_bits & 0x1:
            raise Refused(_("the document is encrypted and cannot be checked."))


def _read_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Parse one part without DTDs or entities, reading no more than its declared size."""
    with archive.open(info) as part:
        body = part.read(info.file_size + 1)
    if len(body) > info.file_size:
        raise Refused(_("the document's parts are larger than they declare."))
    try:
        return parse_xml(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Refused(_("the document declares XML entities (DTD), which are not allowed.")) from None
    except Exception:  # a malformed part: defusedxml raises the parser's own errors
        raise Refused(_("it is not a readable Word or Excel file.")) from None


def _check_content_types(root) -> None:
    for element in root:
        declared = (element.get("ContentType") or "").lower()
        if any(active in declared for active in OFFICE_ACTIVE_TYPES):
            raise Refused(_("the document holds macros or embedded programs."))


def _check_relationships(root) -> None:
    for element in root:
        external = (element.get("TargetMode") or "").lower() == "external"
        kind = element.get("Type") or ""
        if kind.endswith(("/attachedTemplate", "/vbaProject")) or (external and kind != HYPERLINK):
            raise Refused(_("the document loads templates or content from outside the file."))


CLEANERS = {JPEG: clean_image, PNG: clean_image, PDF: clean_pdf, DOCX: clean_office, XLSX: clean_office}
