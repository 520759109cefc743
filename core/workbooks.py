"""Uploaded Excel workbooks for import: refuse hostile files before openpyxl reads a cell, then read rows.

An XLSX is a zip of XML parts. Refused, without inflating anything large: a file too big, not a zip,
not a spreadsheet, a zip bomb (declared sizes or compression ratio), path tricks in part names, macros,
links to external workbooks, and XML with a DTD or entities (checked in each part's prolog, where a DTD
must stand; openpyxl also parses through defusedxml, which forbids them). Cell text that a spreadsheet
would run as a formula is refused row by row by the importer (`formula_like`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_WORKBOOK_BYTES = 15 * 1024 * 1024
MAX_PARTS = 2_000
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # a sheet of rows compresses about 10-30 times; a bomb a thousand times and more
RATIO_FROM_BYTES = 1024 * 1024
PROLOG_BYTES = 4096
FORMULA_LIKE = re.compile(r"^\s*([=+@]|-\S)")


def formula_like(text: str) -> bool:
    """Text a spreadsheet would run when the file is opened again (=, +, @, or - stuck to a value)."""
    return bool(FORMULA_LIKE.match(text))


def _refuse(message: str):
    return ValidationError(message, code="hostile_workbook")


def check_workbook(upload) -> None:
    """Raise ValidationError (Vietnamese) unless the upload is a plain XLSX workbook safe to read."""
    if upload.size > MAX_WORKBOOK_BYTES:
        raise _refuse(_("The file is larger than 15 MB: split it into several files."))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            _check_parts(archive, infos)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise _refuse(_("The file is not an Excel workbook (.xlsx).")) from None
    finally:
        upload.seek(0)


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(_("The file is not an Excel workbook (.xlsx)."))
    if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise _refuse(_("The workbook unpacks to far more data than it holds: it is refused."))
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise _refuse(_("The workbook contains a part with a forbidden name."))
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(_("The workbook unpacks to far more data than it holds: it is refused."))
        lower = name.lower()
        if lower.endswith("vbaproject.bin"):
            raise _refuse(_("The workbook contains macros: save it as a plain .xlsx workbook."))
        if lower.startswith("xl/externallinks/"):
            raise _refuse(_("The workbook links to other workbooks: remove the external links first."))
        if lower.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                prolog = part.read(PROLOG_BYTES).lower()
            if b"<!doctype" in prolog or b"<!entity" in prolog:
                raise _refuse(_("The workbook contains XML declarations that are not allowed."))
            if lower.endswith(".rels") and b"externallink" in prolog:
                raise _refuse(_("The workbook links to other workbooks: remove the external links first."))


def read_rows(upload, sheet_name: str | None = None) -> Iterator[tuple]:
    """The values of the first (or the named) sheet, row by row, streamed (read-only mode)."""
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, defusedxml's, zipfile's, ...)
        raise _refuse(_("The workbook cannot be read: %(error)s") % {"error": type(error).__name__}) from None
    try:
        sheet = book[sheet_name] if sheet_name and sheet_name in book.sheetnames else book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()
