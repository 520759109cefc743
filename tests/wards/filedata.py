"""Small files of every kind for upload tests, built in memory."""

import io
import zipfile

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image


def jpeg(name="anh.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name="anh.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 200)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_bytes() -> bytes:
    """A real one-page PDF with a link and an opening destination: what an office scanner produces."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    document.Root.OpenAction = pikepdf.Array([document.pages[0].obj, pikepdf.Name.Fit])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(name="bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def docx(name="bao-cao.docx") -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def xlsx(name="danh-sach.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    Workbook().save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def exe_named_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="image/jpeg")


def html_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "bien-ban.pdf",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        content_type="application/pdf",
    )


def svg_named_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "anh.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/png",
    )


def plain_zip_named_docx() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("run.sh", "echo hi")
    return SimpleUploadedFile("bao-cao.docx", out.getvalue())


def oversize_jpeg() -> SimpleUploadedFile:
    upload = jpeg("lon.jpg")
    upload.size = 10 * 1024 * 1024 + 1
    return upload
