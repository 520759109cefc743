"""The official PDF at scale: tagged (PDF/UA-1) with metadata, rendered in parts that join into the same
document as one render, the annex in alphabetical groups with bookmarks, unchanged parts reused."""

import io
import os
import re
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from django.template.loader import render_to_string
from weasyprint import HTML

from reports import compile as compiler
from reports import document
from reports.document import annex_parts, document_parts, initial, sort_key, whole_document
from reports.pdf import BASE_URL, DOCUMENT_UA, DocumentHTML, StaticOnlyFetcher, render_document, render_pdf
from reports.views import unit_report_document
from tests.reports.factories import UnitReportFactory
from tests.reports.test_compiled import add_pilots, build_city, compile_now

pytestmark = pytest.mark.django_db

TEMPLATE = "reports/pdf/city_report.html"


def _pdftotext(pdf: bytes, tmp_path: Path, name: str) -> str:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


def _words_per_page(text: str) -> list[list[str]]:
    """The words of each page in reading order (spacing between columns is layout, not text)."""
    return [page.split() for page in text.split("\f")]


def _document(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    top = pdf.Root.StructTreeRoot.K
    return top if isinstance(top, pikepdf.Dictionary) else top[0]


def _city_context(wards: int = 5):
    period, _counted = build_city(wards=wards)
    report = compile_now(period)
    return report, compiler.document_context(report, report.data)


def test_a_document_rendered_in_parts_has_the_same_text_as_one_render(tmp_path):
    report, context = _city_context(wards=5)
    wards = report.data["wards"]
    whole = render_pdf(TEMPLATE, {**context, **whole_document(report.data, rows_per_part=2)})
    split = render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    whole_text, split_text = _pdftotext(whole, tmp_path, "whole"), _pdftotext(split, tmp_path, "split")
    assert len(document_parts(report.data, rows_per_part=2)) == 4  # the report, then 3 annex parts
    assert "PHỤ LỤC 2" in split_text and wards[0]["name"] in split_text
    assert _words_per_page(split_text) == _words_per_page(whole_text)
    with pikepdf.open(io.BytesIO(split)) as joined, pikepdf.open(io.BytesIO(whole)) as one:
        assert len(joined.pages) == len(one.pages) > 3


def test_page_numbers_run_on_across_parts_from_page_two(tmp_path):
    report, context = _city_context(wards=5)
    split = render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    pages = _pdftotext(split, tmp_path, "split").split("\f")[:-1]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert pages[0].split()[0] != "1"
    for number, page in enumerate(pages[1:], start=2):
        assert page.split()[0] == str(number), page[:200]


def _drawn(content_owner, resources) -> list[tuple[str | int, object]]:
    """(marked-content tag or MCID, form) of what a page or a form draws, forms followed inside."""
    found = []
    for operands, operator in pikepdf.parse_content_stream(content_owner):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            found.append((int(operands[1].MCID), None))
        elif str(operator) in ("BDC", "BMC"):
            found.append((str(operands[0]), None))
        elif str(operator) == "Do":
            form = resources.XObject[operands[0]]
            if form.get("/Subtype") == "/Form":
                found.append(("form", form))
                found.extend(_drawn(form, form.get("/Resources", resources)))
    return found


def test_the_page_numbers_of_a_document_in_parts_are_pagination_artifacts_and_each_mcid_is_drawn_once():
    report, context = _city_context(wards=5)
    split = render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    with pikepdf.open(io.BytesIO(split)) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages, start=1):
            drawn = _drawn(page.obj, page.obj.Resources)
            stamps = [form for tag, form in drawn if form is not None and b"/Pagination" in form.read_bytes()]
            assert len(stamps) == (0 if number == 1 else 1), number
            for stamp in stamps:
                content = stamp.read_bytes()
                assert content.startswith(b"/Artifact") and content.rstrip().endswith(b"EMC")
                assert b"/MCID" not in content
            mcids = [tag for tag, _form in drawn if isinstance(tag, int)]
            assert mcids and len(mcids) == len(set(mcids)), number


def test_the_joined_document_keeps_one_structure_tree_and_an_outline_of_the_annex():
    report, context = _city_context(wards=5)
    split = render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    with pikepdf.open(io.BytesIO(split)) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = _document(pdf)
        tables = [kid for kid in _walk(document) if kid.get("/S") == "/Table"]
        assert len(tables) >= 4  # the content areas, the 3 annex parts, the organisations
        numbers = list(tree.ParentTree.Nums)
        keys = [int(numbers[i]) for i in range(0, len(numbers), 2)]
        assert keys == sorted(set(keys)) and int(tree.ParentTreeNextKey) > keys[-1]
        assert {int(page.StructParents) for page in pdf.pages} <= set(keys)
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            children = [child.title for item in outline.root for child in item.children]
    assert (
        "PHỤ LỤC 1. KẾT QUẢ THEO XÃ, PHƯỜNG" in titles
        and "PHỤ LỤC 2. KẾT QUẢ CỦA CÁC TỔ CHỨC THÀNH VIÊN" in titles
    )
    assert "PHỤ LỤC 1. KẾT QUẢ THEO XÃ, PHƯỜNG (tiếp)" not in titles  # continued parts join one entry
    assert children.count(initial(report.data["wards"][0]["name"])) == 3  # the letter, once in each part


def _walk(element):
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def test_the_compiled_pdf_is_tagged_with_language_title_author_subject_and_xmp():
    period, _counted = build_city(wards=2)
    report = compile_now(period)
    with pikepdf.open(compiler.compiled_dir().parent / report.pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "vi"
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo.Author) == "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ TAM KỲ"
        assert str(pdf.docinfo.Title).startswith(
            f"Báo cáo tổng hợp {period.code}: Sơ kết 6 tháng đầu năm 2025"
        )
        assert "khu dân cư tự quản" in str(pdf.docinfo.Subject)
        meta = pdf.open_metadata()
        assert meta["dc:creator"] == ["BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ TAM KỲ"]
        assert "pdfuaid:part" in str(meta) or meta.get("pdfuaid:part") == "1"


def test_the_unit_report_pdf_is_tagged_too():
    report = UnitReportFactory()
    pdf = render_pdf("reports/pdf/unit_report.html", unit_report_document(report))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked is True and str(document.Root.Lang) == "vi"
        headings = [kid.S for kid in _walk(_document(document)) if kid.get("/S") in ("/H1", "/H2")]
        assert "/H1" in headings and "/H2" in headings
        assert "BAN THƯỜNG TRỰC" in str(document.docinfo.Author)


def test_a_recompile_reuses_the_parts_whose_content_did_not_change(tmp_path):
    report, context = _city_context(wards=5)
    wards = report.data["wards"]
    cache = tmp_path / "parts"
    render_document(
        TEMPLATE,
        context,
        parts=document_parts(report.data, rows_per_part=2),
        target=tmp_path / "a.pdf",
        cache_dir=cache,
    )
    first = {path.name: path.stat().st_ino for path in cache.glob("*.pdf")}
    changed = [dict(row) for row in wards]
    changed[-1]["activities"] += 1  # one ward's row: only the part holding it changes
    render_document(
        TEMPLATE,
        context,
        parts=document_parts({**report.data, "wards": changed}, rows_per_part=2),
        target=tmp_path / "b.pdf",
        cache_dir=cache,
    )
    second = {path.name: path.stat().st_ino for path in cache.glob("*.pdf")}
    new = set(second) - set(first)
    assert len(first) == 4 and len(new) == 1  # one part rendered again, three reused
    assert all(second[name] == first[name] for name in first)  # the reused files were not rewritten
    # The replaced part stays a day (a concurrent compile may still join it); then the next render drops it.
    for path in cache.glob("*.pdf"):
        os.utime(path, (time.time() - 2 * 86400,) * 2)
    render_document(
        TEMPLATE,
        context,
        parts=document_parts({**report.data, "wards": changed}, rows_per_part=2),
        target=tmp_path / "c.pdf",
        cache_dir=cache,
    )
    left = {path.name for path in cache.glob("*.pdf")}
    assert len(left) == 4 and new <= left and len(left & set(first)) == 3


@pytest.mark.parametrize(
    ("units", "sizes"), [(250, [125, 125]), (200, [200]), (401, [134, 134, 133]), (0, [0])]
)
def test_the_annex_is_cut_into_parts_of_at_most_the_given_rows_as_even_as_they_can_be(units, sizes):
    parts = annex_parts([{"name": f"Xã {n:04d}"} for n in range(units)], rows_per_part=200)
    assert [sum(len(group["rows"]) for group in part["groups"]) for part in parts] == sizes
    assert [tt for part in parts for group in part["groups"] for tt, _row in group["rows"]] == list(
        range(1, units + 1)
    )


def test_the_annex_is_in_vietnamese_alphabetical_order_grouped_by_initial():
    names = [
        "Phường Điện Bàn",
        "Xã Duy Xuyên",
        "Phường Ân Thạnh",
        "Xã An Mỹ",
        "Phường Bình Sơn",
        "Xã Ưu Điềm",
    ]
    rows = [{"name": name} for name in names]
    parts = annex_parts(rows, rows_per_part=4)
    ordered = [row["name"] for part in parts for group in part["groups"] for _tt, row in group["rows"]]
    assert ordered == [
        "Xã An Mỹ",
        "Phường Ân Thạnh",
        "Phường Bình Sơn",
        "Xã Duy Xuyên",
        "Phường Điện Bàn",
        "Xã Ưu Điềm",
    ]
    # At most 4 rows a part, as even as they can be: two parts of 3.
    assert [group["letter"] for group in parts[0]["groups"]] == ["A", "Â", "B"]
    assert [(tt, group["letter"]) for group in parts[1]["groups"] for tt, _row in group["rows"]] == [
        (4, "D"),
        (5, "Đ"),
        (6, "Ư"),
    ]
    assert initial("Phường Ấp Bắc") == "Â" and sort_key("Đa") > sort_key("Dz")


def test_a_part_that_fails_in_its_child_process_fails_the_render_with_its_error(monkeypatch):
    import gc

    from reports import pdf

    report, context = _city_context()

    def broken(job):
        raise ValueError("no such font")

    monkeypatch.setattr(pdf, "_render_part", broken)  # the forked children inherit it
    with pytest.raises(pdf.RenderError, match="ValueError: no such font"):
        render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    assert gc.get_freeze_count() == 0  # this process's objects are collectable again


def test_a_part_whose_child_process_dies_fails_the_render_with_its_exit_code(monkeypatch):
    from reports import pdf

    report, context = _city_context()
    monkeypatch.setattr(pdf, "_render_part", lambda job: os._exit(9))  # killed mid-render
    with pytest.raises(pdf.RenderError, match="exit code 9"):
        render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))


def test_a_report_on_many_units_lists_their_lines_in_annex_3_in_parts_with_the_same_text_as_one_render(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(document, "UNITS_LISTED_IN_BODY", 2)
    period, _counted = build_city(wards=5)
    assert add_pilots(period) == 5
    report = compile_now(period)
    context = compiler.document_context(report, report.data)
    assert context["lists"].in_annex
    parts = document_parts(report.data, rows_per_part=2, items_per_part=3)
    assert [part["part"] for part in parts].count("lists") >= 2
    whole = render_pdf(
        TEMPLATE, {**context, **whole_document(report.data, rows_per_part=2, items_per_part=3)}
    )
    split = render_pdf(TEMPLATE, context, parts=parts)
    whole_text, split_text = _pdftotext(whole, tmp_path, "whole"), _pdftotext(split, tmp_path, "split")
    assert _words_per_page(split_text) == _words_per_page(whole_text)
    body, annex_3 = split_text.split("PHỤ LỤC 3. CHI TIẾT THEO ĐƠN VỊ", 1)
    assert "- Cấp xã, phường" not in body
    assert "Trần Văn Ký" in body  # the signature comes before annex 3
    assert "Có 5 khu dân cư thí điểm (đang triển khai: 5); chi tiết tại Phụ lục 3, mục 1." in " ".join(
        body.split()
    )
    assert annex_3.count("- Cấp xã, phường") == 5 and "2. Mô hình tự quản tiêu biểu và nhân rộng" in annex_3
    assert "5. Đề xuất, kiến nghị" in annex_3
    with pikepdf.open(io.BytesIO(split)) as pdf, pdf.open_outline() as outline:
        annexes = [item for item in outline.root if item.title.startswith("PHỤ LỤC 3")]
        assert len(annexes) == 1  # its parts are one entry, each list once under it
        assert [child.title for child in annexes[0].children] == [
            "1. Khu dân cư thí điểm",
            "2. Mô hình tự quản tiêu biểu và nhân rộng",
            "3. Hạn chế, nguyên nhân",
            "4. Phương hướng, nhiệm vụ kỳ tới",
            "5. Đề xuất, kiến nghị",
        ]


def _page_drawings(pdf: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [page.Contents.read_bytes() for page in document.pages]


def test_the_documents_draw_the_same_with_the_trimmed_user_agent_stylesheet_as_with_weasyprints_own():
    """The rules left out style pseudo-elements that the documents never have."""
    report, context = _city_context(wards=5)
    unit = UnitReportFactory()
    for template, document_context in (
        (TEMPLATE, {**context, **whole_document(report.data)}),
        ("reports/pdf/unit_report.html", unit_report_document(unit)),
    ):
        html = render_to_string(template, document_context)
        stock = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
        trimmed = DocumentHTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
        assert _page_drawings(trimmed) == _page_drawings(stock)


def test_the_trimmed_user_agent_stylesheet_styles_no_pseudo_element_of_every_element_but_keeps_list_markers(
    tmp_path,
):
    assert re.findall(r"^::\S+", DOCUMENT_UA, re.MULTILINE) == []
    assert "li::marker {" in DOCUMENT_UA and "::footnote" not in DOCUMENT_UA
    html = '<html lang="vi"><body><ol><li>Một</li><li>Hai</li></ol><ul><li>Ba</li></ul></body></html>'
    text = _pdftotext(DocumentHTML(string=html).write_pdf(), tmp_path, "list")
    assert text.split() == ["1.", "Một", "2.", "Hai", "•", "Ba"]


def test_a_document_joined_from_parts_keeps_its_objects_packed_in_object_streams():
    """Copied from the parts one by one, the objects would each stand alone in the file (a national
    report: 13 MB, not 3.5 MB); only streams stand alone when they are packed."""
    report, context = _city_context(wards=5)
    split = render_pdf(TEMPLATE, context, parts=document_parts(report.data, rows_per_part=2))
    standing_alone = re.split(rb"\n\d+ 0 obj\n", split)[1:]
    assert len(standing_alone) > 10
    assert all(b"stream" in body.split(b"endobj", 1)[0] for body in standing_alone)
