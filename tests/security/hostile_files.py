"""Hostile uploads built in memory: active PDFs, macro and remote-template Office files, XML entities,
renamed executables, polyglots, bombs and bad names; and files accepted only with their payload removed."""

import io
import struct
import zlib

import pikepdf
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


WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
TYPES_NS = b'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"'
RELS_NS = b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD_TYPES = (
    b"<Types "
    + TYPES_NS
    + b'><Override PartName="/word/document.xml" ContentType="'
    + WORD_MAIN
    + b'"/></Types>'
)
SHEET_TYPES = (
    b"<Types "
    + TYPES_NS
    + b'><Override PartName="/xl/workbook.xml" ContentType="'
    + SHEET_MAIN
    + b'"/></Types>'
)
DOCUMENT = b"<w:document " + W_NS + b"><w:body><w:p/></w:body></w:document>"
WORKBOOK = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'


def zip_bomb_docx() -> bytes:
    """A DOCX whose document part expands to 1 GB."""
    data, crc = _deflated_zeros(1024 * MB)
    return _zip([_small("[Content_Types].xml", WORD_TYPES), ("word/document.xml", data, crc, 1024 * MB)])


def zip_bomb_xlsx() -> bytes:
    """An XLSX whose part list itself expands to 512 MB: reading it whole would be the bomb."""
    data, crc = _deflated_zeros(512 * MB)
    return _zip([("[Content_Types].xml", data, crc, 512 * MB), _small("xl/workbook.xml", b"<workbook/>")])


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 300
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 300
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>"
HTML = b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"


def pdf(catalog: bytes = b"", page: bytes = b"", extra: tuple[bytes, ...] = (), tail: bytes = b"") -> bytes:
    """A well-formed one-page PDF written by hand (so names keep their raw escapes), with a true xref."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]" + page + b">>",
        *extra,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue() + tail


def _stream(body: bytes, head: bytes = b"") -> bytes:
    return b"<<" + head + b"/Length %d>>\nstream\n" % len(body) + body + b"\nendstream"


def _pikepdf(change) -> bytes:
    """A PDF saved by qpdf with object streams: the hostile part is compressed, invisible to a byte search."""
    document = pikepdf.new()
    document.add_blank_page()
    change(document)
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def _js_open_action(document) -> None:
    document.Root.OpenAction = document.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def _page_aa(document) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    document.pages[0].obj.AA = pikepdf.Dictionary(O=document.make_indirect(action))


def _embedded_file(document) -> None:
    document.attachments["payload.exe"] = pikepdf.AttachedFileSpec(document, b"MZ" + bytes(64))


def encrypted_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    out = io.BytesIO()
    document.save(out, encryption=pikepdf.Encryption(owner="o", user="u", R=6))
    return out.getvalue()


JS_ACTION = b"<</S/JavaScript/JS(app.alert(1))>>"


def pdf_corpus() -> list[tuple[str, str, bytes]]:
    return [
        ("PDF: OpenAction JavaScript", "bien-ban.pdf", pdf(catalog=b"/OpenAction" + JS_ACTION)),
        (
            "PDF: #-escaped /JavaScript name",
            "bien-ban.pdf",
            pdf(catalog=b"/OpenAction<</S/Java#53cript/JS(1)>>"),
        ),
        ("PDF: /J#53 escaped key", "bien-ban.pdf", pdf(catalog=b"/OpenAction<</S/#4Aava#53cript/J#53(1)>>")),
        ("PDF: /JS followed by a newline", "bien-ban.pdf", pdf(catalog=b"/Names<</JS\n(app.alert(1))>>")),
        (
            "PDF: JavaScript in the name tree",
            "bien-ban.pdf",
            pdf(catalog=b"/Names<</JavaScript 4 0 R>>", extra=(b"<</Names[(a) 5 0 R]>>", JS_ACTION)),
        ),
        ("PDF: JavaScript in an object stream", "bien-ban.pdf", _pikepdf(_js_open_action)),
        ("PDF: Launch on a page's AA, object stream", "bien-ban.pdf", _pikepdf(_page_aa)),
        ("PDF: embedded executable, object stream", "bien-ban.pdf", _pikepdf(_embedded_file)),
        ("PDF: Launch action", "bien-ban.pdf", pdf(catalog=b"/OpenAction<</S/Launch/F(cmd.exe)>>")),
        (
            "PDF: OpenAction to a named action",
            "bien-ban.pdf",
            pdf(catalog=b"/OpenAction<</S/Named/N/Print>>"),
        ),
        ("PDF: catalog AA", "bien-ban.pdf", pdf(catalog=b"/AA<</WC 4 0 R>>", extra=(JS_ACTION,))),
        (
            "PDF: link annotation with JavaScript",
            "bien-ban.pdf",
            pdf(
                page=b"/Annots[4 0 R]",
                extra=(b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A" + JS_ACTION + b">>",),
            ),
        ),
        (
            "PDF: widget with AA",
            "bien-ban.pdf",
            pdf(
                page=b"/Annots[4 0 R]",
                extra=(b"<</Type/Annot/Subtype/Widget/Rect[0 0 9 9]/AA<</K 5 0 R>>>>", JS_ACTION),
            ),
        ),
        (
            "PDF: file attachment annotation",
            "bien-ban.pdf",
            pdf(
                page=b"/Annots[4 0 R]",
                extra=(
                    b"<</Type/Annot/Subtype/FileAttachment/Rect[0 0 9 9]/FS 5 0 R>>",
                    b"<</Type/Filespec/F(x.exe)/EF<</F 6 0 R>>>>",
                    _stream(b"MZ", b"/Type/EmbeddedFile"),
                ),
            ),
        ),
        (
            "PDF: EmbeddedFiles name tree",
            "bien-ban.pdf",
            pdf(catalog=b"/Names<</EmbeddedFiles 4 0 R>>", extra=(b"<</Names[]>>",)),
        ),
        (
            "PDF: RichMedia annotation",
            "bien-ban.pdf",
            pdf(page=b"/Annots[4 0 R]", extra=(b"<</Type/Annot/Subtype/RichMedia/Rect[0 0 9 9]>>",)),
        ),
        (
            "PDF: XFA form",
            "bien-ban.pdf",
            pdf(catalog=b"/AcroForm<</Fields[]/XFA 4 0 R>>", extra=(_stream(b"<xdp:xdp/>"),)),
        ),
        ("PDF: hex-escaped Launch", "bien-ban.pdf", pdf(catalog=b"/OpenAction<</S/#4C#61#75nch/F(sh)>>")),
        ("PDF: JavaScript in an incremental update", "bien-ban.pdf", _incremental_js()),
        ("PDF: encrypted, cannot be checked", "bien-ban.pdf", encrypted_pdf()),
        ("PDF with HTML inside", "bien-ban.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"),
        ("GIF/PDF polyglot", "bien-ban.pdf", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;%PDF-1.4\n%%EOF\n"),
        ("PDF named .html", "4.html", pdf()),
        ("PDF named .exe", "bao-cao.pdf.exe", pdf()),
    ]


def _incremental_js() -> bytes:
    """A clean PDF followed by an update that rewrites the catalog with an opening script."""
    base = pdf()
    xref = len(base)
    update = b"1 0 obj\n<</Type/Catalog/Pages 2 0 R/OpenAction" + JS_ACTION + b">>\nendobj\n"
    start = base.rindex(b"startxref\n") + len(b"startxref\n")
    previous = int(base[start : base.index(b"\n", start)])
    table = b"xref\n0 1\n0000000000 65535 f \n1 1\n%010d 00000 n \n" % xref
    trailer = b"trailer\n<</Size 4/Root 1 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        xref + len(update),
    )
    return base + update + table + trailer


def _office(main: bytes, parts: list[tuple[str, bytes]], types: bytes | None = None) -> bytes:
    name = "word/document.xml" if main == WORD_MAIN else "xl/workbook.xml"
    body = DOCUMENT if main == WORD_MAIN else WORKBOOK
    types = types or (
        b"<Types "
        + TYPES_NS
        + b'><Override PartName="/'
        + name.encode()
        + b'" ContentType="'
        + main
        + b'"/></Types>'
    )
    return _zip([_small("[Content_Types].xml", types), _small(name, body), *(_small(n, b) for n, b in parts)])


def _rels(*relationships: bytes) -> bytes:
    return b"<Relationships " + RELS_NS + b">" + b"".join(relationships) + b"</Relationships>"


XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>'
)
VBA = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Sub AutoOpen() Shell("calc") End Sub'


def _types(main_name: str, main: bytes, *more: bytes) -> bytes:
    return (
        b"<Types "
        + TYPES_NS
        + b'><Override PartName="/'
        + main_name.encode()
        + b'" ContentType="'
        + main
        + b'"/>'
        + b"".join(more)
        + b"</Types>"
    )


def office_corpus() -> list[tuple[str, str, bytes]]:
    vba_type = b"application/vnd.ms-office.vbaProject"
    docm = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    xlsm = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    template = (
        b'<Relationship Id="r1" Type="' + REL + b'attachedTemplate" '
        b'Target="http://169.254.0.1/t.dotm" TargetMode="External"/>'
    )
    word = ("word/document.xml", WORD_MAIN)
    return [
        (
            "DOCX with its VBA part renamed",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/media/image1.png", VBA)],
                types=_types(
                    *word, b'<Override PartName="/word/media/image1.png" ContentType="' + vba_type + b'"/>'
                ),
            ),
        ),
        (
            "DOCX with a VBA part by default extension",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/x.bin", VBA)],
                types=_types(*word, b'<Default Extension="bin" ContentType="' + vba_type + b'"/>'),
            ),
        ),
        (
            "DOCX with vbaProject.bin",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/vbaProject.bin", VBA)],
                types=_types(
                    *word, b'<Override PartName="/word/vbaProject.bin" ContentType="' + vba_type + b'"/>'
                ),
            ),
        ),
        (
            "DOCM renamed .docx",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [],
                types=_types(*word, b'<Override PartName="/word/x.xml" ContentType="' + docm + b'"/>'),
            ),
        ),
        (
            "XLSM renamed .xlsx",
            "so-lieu.xlsx",
            _office(
                SHEET_MAIN,
                [],
                types=_types(
                    "xl/workbook.xml",
                    SHEET_MAIN,
                    b'<Override PartName="/xl/y.xml" ContentType="' + xlsm + b'"/>',
                ),
            ),
        ),
        (
            "XLSX with an Excel 4 macro sheet",
            "so-lieu.xlsx",
            _office(
                SHEET_MAIN,
                [("xl/macrosheets/sheet1.xml", b"<x/>")],
                types=_types(
                    "xl/workbook.xml",
                    SHEET_MAIN,
                    b'<Override PartName="/xl/macrosheets/sheet1.xml" '
                    b'ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
                ),
            ),
        ),
        (
            "DOCX with ActiveX",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/activeX/a.xml", b"<a/>")],
                types=_types(
                    *word,
                    b'<Override PartName="/word/activeX/a.xml" '
                    b'ContentType="application/vnd.ms-office.activeX+xml"/>',
                ),
            ),
        ),
        (
            "DOCX with an embedded OLE program",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/embeddings/o.bin", VBA)],
                types=_types(
                    *word,
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
                ),
            ),
        ),
        (
            "DOCX with a remote template",
            "bao-cao.docx",
            _office(WORD_MAIN, [("word/_rels/settings.xml.rels", _rels(template))]),
        ),
        (
            "DOCX with an attachedTemplate relationship, internal",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [("word/_rels/settings.xml.rels", _rels(template.replace(b' TargetMode="External"', b"")))],
            ),
        ),
        (
            "DOCX with an external linked image",
            "bao-cao.docx",
            _office(
                WORD_MAIN,
                [
                    (
                        "word/_rels/document.xml.rels",
                        _rels(
                            b'<Relationship Id="r2" Type="'
                            + REL
                            + b'image" Target="http://127.0.0.2/x.png" TargetMode="External"/>'
                        ),
                    )
                ],
            ),
        ),
        (
            "XLSX with an external workbook link",
            "so-lieu.xlsx",
            _office(
                SHEET_MAIN,
                [
                    (
                        "xl/_rels/workbook.xml.rels",
                        _rels(
                            b'<Relationship Id="r3" Type="'
                            + REL
                            + b'externalLinkPath" Target="file:///C:/x.xlsx" '
                            b'TargetMode="External"/>'
                        ),
                    )
                ],
            ),
        ),
        (
            "XLSX with an XML external entity",
            "so-lieu.xlsx",
            _office(SHEET_MAIN, [("xl/worksheets/sheet1.xml", XXE)]),
        ),
        (
            "XLSX with entities in the part list",
            "so-lieu.xlsx",
            _office(
                SHEET_MAIN,
                [],
                types=(
                    b'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY t "x">]>'
                    + _types("xl/workbook.xml", SHEET_MAIN)
                ),
            ),
        ),
        ("DOCX with a billion-laughs DTD", "bao-cao.docx", _office(WORD_MAIN, [("word/styles.xml", LAUGHS)])),
        (
            "DOCX with a DTD in its relationships",
            "bao-cao.docx",
            _office(WORD_MAIN, [("_rels/.rels", b'<!DOCTYPE r SYSTEM "http://127.0.0.2/r.dtd">' + _rels())]),
        ),
        (
            "DOCX with a malformed part",
            "bao-cao.docx",
            _office(WORD_MAIN, [("word/styles.xml", b"<w:styles")]),
        ),
        (
            "DOCX with 3000 parts",
            "bao-cao.docx",
            _office(WORD_MAIN, [(f"word/p{i}.txt", b"") for i in range(3000)]),
        ),
        (
            "DOCX with a part compressed a thousandfold",
            "bao-cao.docx",
            _office(WORD_MAIN, [("word/media/z.bin", bytes(8 * MB))]),
        ),
        ("zip bomb named .docx", "bao-cao.docx", zip_bomb_docx()),
        ("zip bomb named .xlsx", "so-lieu.xlsx", zip_bomb_xlsx()),
        ("plain zip named .xlsx", "danh-sach.xlsx", _zip([_small("a.txt", b"hello")])),
        (
            "zip without a main part named .docx",
            "bao-cao.docx",
            _zip([_small("[Content_Types].xml", b"<Types/>")]),
        ),
        ("OLE .doc named .docx", "bao-cao.docx", VBA + bytes(512)),
        ("RTF named .docx", "bao-cao.docx", b"{\\rtf1\\ansi{\\object\\objemb{\\*\\objdata 0105}}}"),
        ("XLSX named .docx", "bao-cao.docx", _office(SHEET_MAIN, [])),
    ]


def _jpeg_exif_script() -> bytes:
    image = Image.new("RGB", (32, 32), (10, 10, 10))
    exif = image.getexif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def image_corpus() -> list[tuple[str, str, bytes]]:
    return [
        ("JPEG named .svg", "anh.svg", _jpeg()),
        ("JPEG named .html", "anh.html", _jpeg()),
        ("JPEG named .php", "shell.php", _jpeg() + b"<?php system($_GET['c']); ?>"),
        ("PNG named .exe", "anh.exe", _png()),
        ("JPEG named .exe behind a right-to-left override", "anh\u202egpj.exe", _jpeg()),
        ("286-character name ending in .exe", "a" * 282 + ".exe", _jpeg()),
        ("PNG decompression bomb (Pillow's limit)", "anh.png", png_bomb_bytes(30000, 30000)),
        ("PNG of 81 megapixels", "anh.png", png_bomb_bytes(9000, 9000)),
        ("truncated JPEG", "anh.jpg", _jpeg()[:40]),
        ("truncated PNG", "anh.png", _png()[:60]),
        ("GIF named .jpg", "anh.jpg", _gif()),
        ("WebP named .png", "anh.png", _image("WEBP")),
        ("BMP named .jpg", "anh.jpg", _image("BMP")),
        ("TIFF named .jpg", "anh.jpg", _image("TIFF")),
    ]


def _gif() -> bytes:
    return _image("GIF")


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, kind)
    return out.getvalue()


def other_corpus() -> list[tuple[str, str, bytes]]:
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
        ("path traversal name, ELF inside", "../../etc/passwd.jpg", ELF),
        ("DOCX named .xlsx", "so-lieu.xlsx", _office(WORD_MAIN, [])),
        ("PNG named .svg", "bieu-do.svg", _png()),
        ("oversize", "anh.jpg", _jpeg() + b"\x00" * (10 * MB)),
        ("empty", "rong.pdf", b""),
    ]


def corpus() -> list[tuple[str, str, bytes]]:
    """(label, file name, content): none of these may be accepted by any upload form."""
    return pdf_corpus() + office_corpus() + image_corpus() + other_corpus()


PAYLOAD = b"<?php system($_GET['c']); ?>"


def defanged() -> list[tuple[str, str, bytes, bytes]]:
    """(label, name, content, payload): accepted as the picture or document they are, payload gone."""
    zipped = _zip([_small("shell.php", PAYLOAD)])
    return [
        ("JPEG with PHP appended", "shell.php.jpg", _jpeg() + PAYLOAD, PAYLOAD),
        ("JPEG with a zip appended", "anh.jpg", _jpeg() + zipped, b"shell.php"),
        ("JPEG with a script in its EXIF", "anh.jpg", _jpeg_exif_script(), SCRIPT),
        ("JPEG with an HTML tail", "anh.jpg", _jpeg() + HTML, SCRIPT),
        ("PNG with a script in a text chunk", "anh.png", _png(_chunk(b"tEXt", b"c\x00" + SCRIPT)), SCRIPT),
        ("PNG with PHP after IEND", "anh.png", _png() + PAYLOAD, PAYLOAD),
        ("PDF with HTML after %%EOF", "bien-ban.pdf", pdf(tail=HTML), SCRIPT),
    ]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
