"""Open what the portal writes as an office does: LibreOffice recalculates workbooks, pdftotext reads PDFs."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import require_service

# One LibreOffice profile per test process: creating it costs seconds, reusing it does not.
PROFILE = Path(tempfile.gettempdir()) / f"kdc-libreoffice-{os.getpid()}"


def recalculated(content: bytes) -> dict:
    """The workbook after LibreOffice headless has opened, recalculated and saved it: {sheet: rows}."""
    soffice = shutil.which("soffice")
    require_service("LibreOffice (Debian libreoffice-calc-nogui)", soffice is not None)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.xlsx"
        source.write_bytes(content)
        out = Path(folder) / "out"
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={PROFILE.as_uri()}",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        book = load_workbook(out / "in.xlsx", data_only=True)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext (poppler-utils) reads it, whitespace collapsed."""
    pdftotext = shutil.which("pdftotext")
    require_service("pdftotext (Debian poppler-utils)", pdftotext is not None)
    result = subprocess.run([pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())
