"""Hostile uploads built in memory: renamed executables, polyglots, scripts, bombs, bad names."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MB = 1024 * 1024
SCRIPT = b"<script>alert(document.cookie)</script>"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _png(extra_chunk: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 200)).save(out, "PNG")
    body = out.getvalue()
    return body[:33] + extra_chunk + body[33:] if extra_chunk else body


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb_bytes(width: int, height: int) -> bytes:
    """A valid PNG header declaring width x height pixels, with a tiny compressed body."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    rows = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """Raw deflate data expanding to `size` zero bytes, built without compressing them all."""
    block = 1 * MB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first == again or len(again) < 2 * len(first)
    data = first + again * (size // block - 1) + compressor.flush()
    crc = 0
    zeros = bytes(block)
    for _ in range(size // block):
        crc = zlib.crc32(zeros, crc)
    return data, crc


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive from (name, raw deflate data, crc, uncompressed size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        )
        out.write(encoded + data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def _small(name: str, text: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, compressor.compress(text) + compressor.flush(), zlib.crc32(text), len(text)


WORD_TYPES = b'<Types><Override PartName="/word/document.xml" ContentType="wordprocessingml"/></Types>'
SHEET_TYPES = b'<Types><Override PartName="/xl/workbook.xml" ContentType="spreadsheetml"/></Types>'


def zip_bomb_docx() -> bytes:
    """A DOCX whose document part expands to 1 GB."""
    data, crc = _deflated_zeros(1024 * MB)
    return _zip([_small("[Content_Types].xml", WORD_TYPES), ("word/document.xml", data, crc, 1024 * MB)])


def zip_bomb_xlsx() -> bytes:
    """An XLSX whose part list itself expands to 512 MB: reading it whole would be the bomb."""
    data, crc = _deflated_zeros(512 * MB)
    return _zip([("[Content_Types].xml", data, crc, 512 * MB), _small("xl/workbook.xml", b"<workbook/>")])


def _docx_with_macro() -> bytes:
    return _zip(
        [
            _small("[Content_Types].xml", WORD_TYPES),
            _small("word/document.xml", b"<w:document/>"),
            _small("word/vbaProject.bin", b'\xd0\xcf\x11\xe0 Sub AutoOpen() Shell("calc") End Sub'),
        ]
    )


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 300
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 300
PDF_JS = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_LAUNCH = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>>>endobj\n%%EOF\n"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>"
HTML = b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"


def corpus() -> list[tuple[str, str, bytes]]:
    """(label, file name, content): none of these may be accepted."""
    return [
        ("ELF named .jpg", "anh.jpg", ELF),
        ("PE named .pdf", "bien-ban.pdf", PE),
        ("PE named .docx", "bao-cao.docx", PE),
        ("PE named .png", "anh.png", PE),
        ("shell script named .jpg", "anh.jpg", b"#!/bin/sh\nrm -rf / --no-preserve-root\n"),
        ("HTML named .pdf", "bien-ban.pdf", HTML),
        ("HTML named .jpg", "anh.jpg", HTML),
        ("SVG with script named .png", "anh.png", SVG),
        ("SVG with script", "anh.svg", SVG),
        ("JPEG with an HTML tail", "anh.jpg", _jpeg() + HTML),
        ("PNG with a script in a text chunk", "anh.png", _png(_chunk(b"tEXt", b"c\x00" + SCRIPT))),
        ("PDF with HTML inside", "bien-ban.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"),
        ("GIF/PDF polyglot", "bien-ban.pdf", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;%PDF-1.4\n%%EOF\n"),
        ("PDF with JavaScript", "bien-ban.pdf", PDF_JS),
        ("PDF that launches a program", "bien-ban.pdf", PDF_LAUNCH),
        ("path traversal name, ELF inside", "../../etc/passwd.jpg", ELF),
        ("oversize", "anh.jpg", _jpeg() + b"\x00" * (10 * MB)),
        ("empty", "rong.pdf", b""),
        ("plain zip named .xlsx", "danh-sach.xlsx", _zip([_small("a.txt", b"hello")])),
        ("DOCX with a macro", "bao-cao.docx", _docx_with_macro()),
        ("zip bomb named .docx", "bao-cao.docx", zip_bomb_docx()),
        ("zip bomb named .xlsx", "so-lieu.xlsx", zip_bomb_xlsx()),
        ("PNG decompression bomb (Pillow's limit)", "anh.png", png_bomb_bytes(30000, 30000)),
        ("PNG of 81 megapixels", "anh.png", png_bomb_bytes(9000, 9000)),
        ("truncated JPEG", "anh.jpg", _jpeg()[:40]),
    ]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
