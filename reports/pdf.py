"""Official documents as PDF: the one renderer of the unit report and the city's compiled report.

`render_pdf(template, context)` renders a template with WeasyPrint into a tagged PDF (PDF/UA-1: structure
tree, document language, title, author and subject from the HTML head, XMP metadata), fetching only the
portal's static files. A long document is rendered in parts: `render_pdf(..., parts=[{...}, {...}])`
renders the template once per part (the part's keys are added to the context, so the template shows only
that part, each part starting on a new page), the parts in parallel processes, and joins them with pikepdf
into one document: one structure tree, one outline, page numbers running on from part to part (none on
page 1). A part whose HTML did not change since the last render is reused from `cache_dir`. Every render
uses WeasyPrint's user-agent stylesheet less the rules of pseudo-elements the documents never have
(`DOCUMENT_UA_STYLESHEET`).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import itertools
import mimetypes
import multiprocessing
import multiprocessing.connection
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_STYLESHEET
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.batch import rare_collections

# Documents are rendered against this never-resolvable origin (RFC 2606 .invalid); the fetcher maps
# its /static/ paths to files and refuses everything else, so user text can never make us fetch.
BASE_URL = "https://portal.invalid/"
STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL
# Tagged for screen readers; WeasyPrint 70 writes the structure tree, /Lang and the XMP packet for it.
PDF_VARIANT = "pdf/ua-1"
# A part is rendered without page numbers; the joined document gets them in one pass at the end. (A user
# stylesheet: !important to win over the document's own rules.)
_NO_PAGE_NUMBERS = (
    "@page { @top-center { content: none !important } } "
    "@page annex { @top-center { content: none !important } }"
)
PARALLEL = max(1, min(2, os.cpu_count() or 1))
STALE_AFTER_SECONDS = 24 * 3600
# A part that continues a titled section repeats its title with this mark; the outline shows it once.
CONTINUED = " (tiếp)"


class StaticOnlyFetcher(URLFetcher):
    """Serve files found by the static-files finders; refuse http(s), file://, data and the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        relative = url.split("?", 1)[0].split("#", 1)[0]
        if not relative.startswith(STATIC_PREFIX):
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url}")
        relative = relative.removeprefix(STATIC_PREFIX)
        path = self.find(relative) if ".." not in Path(relative).parts else None
        if not path:
            self.refused.append(url)
            raise ValueError(f"No such static file: {relative}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})

    @staticmethod
    def find(relative: str) -> str | None:
        """A source file by its plain name, else a collected one: the manifest storage's hashed names
        (`{% static %}` links css/document.<hash>.css under production settings) exist only there."""
        found = finders.find(relative)
        if found:
            return found
        try:
            return staticfiles_storage.path(relative) if staticfiles_storage.exists(relative) else None
        except (NotImplementedError, SuspiciousFileOperation):
            return None


# WeasyPrint's user-agent rules that style a pseudo-element of every element: ::marker, and the calls and
# markers of footnotes and notes. WeasyPrint computes each of these six styles on every element, used or
# not: in an annex table, 98 % of the styles it computes and about 7 % of a part's CPU. Our documents have no
# footnotes or notes, and lists only of <li>: their user-agent stylesheet is WeasyPrint's own with
# ::marker for <li> and without the rest.
_EVERY_ELEMENT_PSEUDO_RULE = re.compile(r"^::(?P<pseudo>[\w-]+)\s*\{[^}]*\}", re.MULTILINE)
DOCUMENT_UA = _EVERY_ELEMENT_PSEUDO_RULE.sub(
    lambda rule: f"li{rule.group(0)}" if rule["pseudo"] == "marker" else "", UA
)
# (Its @counter-style rules are WeasyPrint's, which every render takes from WeasyPrint's own sheet.)
DOCUMENT_UA_STYLESHEET = CSS(string=DOCUMENT_UA)


class DocumentHTML(HTML):
    """An HTML document rendered with DOCUMENT_UA_STYLESHEET in place of WeasyPrint's own."""

    def _ua_stylesheets(self, forms=False):
        return [
            DOCUMENT_UA_STYLESHEET if sheet is UA_STYLESHEET else sheet
            for sheet in super()._ua_stylesheets(forms)
        ]


def _html(html: str, fetcher: StaticOnlyFetcher | None = None) -> DocumentHTML:
    return DocumentHTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its pages, and its bytes unless it was written to a file."""

    pages: int
    content: bytes | None = None


def render_pdf(
    template: str,
    context: dict,
    *,
    fetcher: StaticOnlyFetcher | None = None,
    parts: list[dict] | None = None,
    target: Path | None = None,
    cache_dir: Path | None = None,
    tagged: bool = True,
) -> bytes:
    """The PDF of `template` (see the module docstring); bytes, or b"" once written to `target`."""
    return (
        render_document(
            template, context, fetcher=fetcher, parts=parts, target=target, cache_dir=cache_dir, tagged=tagged
        ).content
        or b""
    )


def render_document(
    template: str,
    context: dict,
    *,
    fetcher: StaticOnlyFetcher | None = None,
    parts: list[dict] | None = None,
    target: Path | None = None,
    cache_dir: Path | None = None,
    tagged: bool = True,
) -> Rendered:
    with rare_collections():
        return _render_document(template, context, fetcher, parts, target, cache_dir, tagged)


def _render_document(template, context, fetcher, parts, target, cache_dir, tagged) -> Rendered:
    variant = PDF_VARIANT if tagged else None
    if not parts or len(parts) == 1:
        html = render_to_string(template, {**context, **(parts[0] if parts else {})})
        document = _html(html, fetcher).render()
        content = document.write_pdf(target, pdf_variant=variant)
        return Rendered(pages=len(document.pages), content=None if target else content)
    with tempfile.TemporaryDirectory(prefix="kdc-pdf-") as scratch:
        folder = cache_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths: list[Path] = []
        missing = _missing_parts(template, context, parts, folder, variant, paths)
        # A daemonic process (some worker pools) may not start children: it renders the parts itself.
        if PARALLEL > 1 and not multiprocessing.current_process().daemon:
            _render_in_children(missing)
        else:
            for job in missing:
                _render_part(job)
        if cache_dir is not None:
            _prune(cache_dir, keep=paths)
        out = target or Path(scratch) / "joined.pdf"
        pages = join_parts(paths, out)
        return Rendered(pages=pages, content=None if target else out.read_bytes())


Job = tuple[str, Path, str | None]  # a part's HTML, its file, the PDF variant


def _missing_parts(
    template: str, context: dict, parts: list[dict], folder: Path, variant: str | None, paths: list[Path]
) -> Iterator[Job]:
    """The parts to render, each part's HTML rendered only when it is asked for: a part's template is
    rendered when a process is free to render it, while the others render theirs. A part whose file is
    in `folder` (same HTML, same stylesheets) is not rendered again. `paths` gets every part's file, in
    the document's order, once the iterator is used up."""
    stylesheets = _stylesheet_key()
    for part in parts:
        html = render_to_string(template, {**context, **part})
        key = hashlib.sha256(f"{variant}\n{stylesheets}\n{html}".encode()).hexdigest()[:32]
        paths.append(folder / f"{key}.pdf")
        if not paths[-1].exists():
            yield html, paths[-1], variant


def _prune(cache_dir: Path, *, keep: list[Path]) -> None:
    """Drop cached parts unused for a day; the ones just used are touched. (Not at once: a compile of the
    same period running beside this one may be about to join parts this one no longer needs.)"""
    now = time.time()
    for path in keep:
        os.utime(path, (now, now))
    for stale in cache_dir.glob("*.pdf"):
        if stale not in keep and stale.stat().st_mtime < now - STALE_AFTER_SECONDS:
            stale.unlink(missing_ok=True)


def _stylesheet_key() -> str:
    """The document stylesheets' content hash: a changed stylesheet makes every cached part stale."""
    digest = hashlib.sha256()
    for name in ("css/document.css", "css/pages.css"):
        path = finders.find(name)
        digest.update(Path(path).read_bytes() if path else b"")
    return digest.hexdigest()


def _render_in_children(jobs: Iterator[Job]) -> None:
    """Render the parts PARALLEL at a time, each in a process forked for it: a child's memory goes back
    when its part is written, so a long document costs the memory of two parts, not of all those a
    long-lived worker would have rendered. This process's objects are frozen meanwhile (gc.freeze): a
    collection in a child would write to every inherited page and so copy them all. WeasyPrint has drawn
    the page-number samples here first (`_stamp_samples`), so each child starts with its fonts and
    libraries set up. A part that fails fails the render with the child's error."""
    pending = iter(jobs)
    first = next(pending, None)
    if first is None:  # every part is in the cache: no child, no collection of this process's objects
        return
    pending = itertools.chain([first], pending)
    context = multiprocessing.get_context("fork")
    _stamp_samples(_stylesheet_key())
    running: dict = {}  # a child's sentinel -> (the child, our end of its pipe)
    gc.collect()
    gc.freeze()
    try:
        while True:
            while len(running) < PARALLEL and (job := next(pending, None)) is not None:
                receive, send = context.Pipe(duplex=False)
                child = context.Process(target=_render_part_in_child, args=(job, send))
                child.start()
                send.close()
                running[child.sentinel] = (child, receive)
            if not running:
                return
            for sentinel in multiprocessing.connection.wait(list(running)):
                child, receive = running.pop(sentinel)
                child.join()
                try:
                    error = receive.recv()
                except EOFError:  # it died before it could say (killed, out of memory)
                    error = f"exit code {child.exitcode}"
                receive.close()
                if error:
                    raise RenderError(f"A part of the document failed to render: {error}")
    finally:
        gc.unfreeze()
        for child, receive in running.values():
            child.terminate()
            child.join()
            receive.close()


class RenderError(RuntimeError):
    pass


def _render_part_in_child(job: Job, send) -> None:
    try:
        _render_part(job)
    except Exception as error:  # reported to the parent, which fails the render with it
        send.send(f"{type(error).__name__}: {error}")
    else:
        send.send("")
    finally:
        send.close()


def _render_part(job: Job) -> None:
    html, path, variant = job
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with rare_collections():  # in a worker process too
        _html(html).write_pdf(partial, pdf_variant=variant, stylesheets=[CSS(string=_NO_PAGE_NUMBERS)])
    partial.replace(path)


# Joining --------------------------------------------------------------------------------------------


def join_parts(paths: list[Path], out: Path) -> int:
    """Join rendered parts into `out`: pages, structure tree, outline; then number the pages. Returns the
    page count. The first part's catalogue (language, metadata, viewer preferences) is the document's."""
    with pikepdf.open(paths[0]) as pdf:
        outline: list[tuple[str, int, list]] = _outline_of(pdf, offset=0)
        tree = pdf.Root.get("/StructTreeRoot")
        document_element = _document_element(tree) if tree is not None else None
        nums = _flatten_numbers(tree.ParentTree) if tree is not None else []
        next_key = max((int(key) for key, _value in nums), default=-1) + 1
        for path in paths[1:]:
            with pikepdf.open(path) as part:
                offset, first_page = next_key, len(pdf.pages)
                outline.extend(_outline_of(part, offset=first_page))
                pdf.pages.extend(part.pages)
                for page in pdf.pages[first_page:]:
                    _shift_struct_parents(page, offset)
                part_tree = part.Root.get("/StructTreeRoot")
                if document_element is None or part_tree is None:
                    continue
                copied = pdf.copy_foreign(part_tree)
                for kid in _kids(_document_element(copied)):
                    kid.P = document_element
                    document_element.K.append(kid)
                for key, value in _flatten_numbers(copied.ParentTree):
                    nums.append((int(key) + offset, value))
                    next_key = max(next_key, int(key) + offset + 1)
        if tree is not None:
            tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=_numbers_array(nums)))
            tree.ParentTreeNextKey = next_key
        _number_pages(pdf)
        with pdf.open_outline() as joined:
            joined.root.clear()
            joined.root.extend(_outline_items(_merge_continued(outline)))
        # The parts' objects come into the joined file one by one, out of the object streams WeasyPrint
        # packed them in: packed again, a national report is about a quarter of the size (3.6 MB, not 13 MB).
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(pdf.pages)


def _document_element(tree: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The tree's top element (WeasyPrint writes one Document element), with an array of kids."""
    top = tree.K
    if isinstance(top, pikepdf.Array):
        top = top[0]
    if not isinstance(top.get("/K"), pikepdf.Array):
        top.K = pikepdf.Array([top.K] if "/K" in top else [])
    return top


def _kids(element: pikepdf.Dictionary) -> list:
    return list(element.K)


def _flatten_numbers(node) -> list[tuple[int, object]]:
    """The (key, value) pairs of a number tree, in order."""
    pairs = []
    if "/Nums" in node:
        values = list(node.Nums)
        pairs.extend((int(values[i]), values[i + 1]) for i in range(0, len(values), 2))
    for kid in node.get("/Kids", []):
        pairs.extend(_flatten_numbers(kid))
    return pairs


def _numbers_array(nums: list[tuple[int, object]]) -> pikepdf.Array:
    flat = []
    for key, value in sorted(nums, key=lambda pair: pair[0]):
        flat.extend([key, value])
    return pikepdf.Array(flat)


def _shift_struct_parents(page: pikepdf.Page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _outline_of(pdf: pikepdf.Pdf, *, offset: int) -> list[tuple[str, int, list]]:
    """The outline as (title, page index in the joined document, children)."""
    index = {page.objgen: number for number, page in enumerate(pdf.pages)}

    def walk(items):
        found = []
        for item in items:
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination):
                page = index.get(destination[0].objgen, 0)
            elif isinstance(destination, int):
                page = destination
            else:
                page = 0
            found.append((str(item.title), page + offset, walk(item.children)))
        return found

    with pdf.open_outline() as outline:
        return walk(outline.root)


def _merge_continued(entries: list[tuple[str, int, list]]) -> list[tuple[str, int, list]]:
    """Top-level entries "X (tiếp)" right after "X" (or its other continuations) join X's children."""
    merged: list[tuple[str, int, list]] = []
    for title, page, children in entries:
        if merged and title.endswith(CONTINUED) and title.removesuffix(CONTINUED) == merged[-1][0]:
            merged[-1][2].extend(children)
        else:
            merged.append((title, page, list(children)))
    return merged


def _outline_items(entries: list[tuple[str, int, list]]) -> list[pikepdf.OutlineItem]:
    items = []
    for title, page, children in entries:
        item = pikepdf.OutlineItem(title, page)
        item.children.extend(_outline_items(children))
        items.append(item)
    return items


def _number_pages(pdf: pikepdf.Pdf) -> None:
    """Stamp page numbers 2..n at the top centre, as the stylesheet's @page rule would have, marked as
    pagination artifacts for screen readers. WeasyPrint draws the digits once (`_DigitStamp`: one small
    render per page size); each page then gets its number in that font, at that place, without laying
    out a page per number (a national compile has hundreds)."""
    stamps: dict[bool, _DigitStamp] = {}
    for number, page in enumerate(pdf.pages, start=1):
        if number == 1:
            continue
        landscape = float(page.mediabox[2]) > float(page.mediabox[3])
        if landscape not in stamps:
            stamps[landscape] = _DigitStamp.render(pdf, landscape=landscape)
        page.add_overlay(stamps[landscape].form(pdf, str(number)))


_STAMP_SAMPLES = ("0123456789", "0")
# The sample sheets of each page size (landscape or not), in the order `_stamp_samples` draws them.
_STAMP_SHEETS = {False: "doc-sheet doc-portrait", True: "doc-annex doc-sheet"}


@dataclass
class _DigitStamp:
    """The page number's drawing on one page size, taken from WeasyPrint's own render of the margin box:
    the operators that draw it, the glyph of each digit, where a number of n digits starts (the box
    centres it; the digits are of one width) and the resources (the font) they use."""

    operators: list
    text_at: int  # the index of the show-text operator in `operators`
    matrix_at: int  # the index of the text matrix operator before it
    glyphs: dict[str, bytes]
    centre: float
    digit_width: float
    resources: pikepdf.Dictionary
    bbox: pikepdf.Array

    @classmethod
    def render(cls, pdf: pikepdf.Pdf, *, landscape: bool) -> _DigitStamp:
        with pikepdf.open(io.BytesIO(_stamp_samples(_stylesheet_key()))) as samples:
            first = list(_STAMP_SHEETS).index(landscape) * len(_STAMP_SAMPLES)
            source = [samples.pages[first], samples.pages[first + 1]]
            operators, text_at, matrix_at, all_digits, x_all = _drawn_text(source[0])
            x_zero = _drawn_text(source[1])[-1]
            # x_zero = centre - w/2 and x_all = centre - 10 w/2: the digits' width, then the centre.
            width = (x_zero - x_all) / (len(_STAMP_SAMPLES[0]) - 1) * 2
            page = source[0]
            return cls(
                operators=operators,
                text_at=text_at,
                matrix_at=matrix_at,
                glyphs=dict(
                    zip(_STAMP_SAMPLES[0], _glyph_codes(all_digits, len(_STAMP_SAMPLES[0])), strict=True)
                ),
                centre=x_zero + width / 2,
                digit_width=width,
                resources=pdf.copy_foreign(page.obj.Resources),
                bbox=pikepdf.Array(page.mediabox),
            )

    def form(self, pdf: pikepdf.Pdf, number: str) -> pikepdf.Stream:
        """A form drawing `number` as the margin box would, as a pagination artifact."""
        operators = list(self.operators)
        a, b, c, d, _x, y = operators[self.matrix_at][0]
        start = self.centre - len(number) * self.digit_width / 2
        operators[self.matrix_at] = ([a, b, c, d, start, y], pikepdf.Operator("Tm"))
        glyphs = b"".join(self.glyphs[digit] for digit in number)
        operators[self.text_at] = ([pikepdf.Array([pikepdf.String(glyphs)])], pikepdf.Operator("TJ"))
        content = (
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"
            + pikepdf.unparse_content_stream(operators)
            + b"\nEMC"
        )
        return pikepdf.Stream(
            pdf,
            content,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=self.bbox,
            Resources=self.resources,
        )


@functools.lru_cache(maxsize=1)
def _stamp_samples(stylesheets: str) -> bytes:
    """WeasyPrint's render of the page-number samples with the page stylesheet whose content hash is
    `stylesheets`: each page size's sheets in turn (`_STAMP_SHEETS`), each sheet a page numbered by its
    sample. Drawn once a process (they change with the stylesheet only)."""
    sheets = "".join(
        f'<div class="{sheet}" data-stamp="{sample}"></div>'
        for sheet in _STAMP_SHEETS.values()
        for sample in _STAMP_SAMPLES
    )
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>-</title>'
        f'<link rel="stylesheet" href="{STATIC_PREFIX}css/pages.css"></head><body>{sheets}</body></html>'
    )
    return _html(html).write_pdf(stylesheets=[CSS(string=_STAMP_SAMPLE_CSS)])


# The stamp samples: each sheet's margin box shows its data-stamp, on the first page too.
_STAMP_SAMPLE_CSS = (
    ".doc-sheet { string-set: stamp attr(data-stamp) } "
    "@page { @top-center { content: string(stamp) !important } } "
    "@page :first { @top-center { content: string(stamp) !important } } "
    "@page annex { @top-center { content: string(stamp) !important } }"
)


def _drawn_text(page: pikepdf.Page) -> tuple[list, int, int, bytes, float]:
    """A sample page's operators, the index of its one show-text operator and of the text matrix before
    it, the shown string and the matrix's x."""
    operators = [(list(operands), operator) for operands, operator in pikepdf.parse_content_stream(page)]
    shows = [i for i, (_operands, operator) in enumerate(operators) if str(operator) in ("TJ", "Tj")]
    if len(shows) != 1:
        raise RenderError(f"The page-number sample draws its text {len(shows)} times, not once")
    text_at = shows[0]
    matrix_at = max(i for i, (_operands, operator) in enumerate(operators[:text_at]) if str(operator) == "Tm")
    operand = operators[text_at][0][0]
    pieces = (
        [item for item in operand if isinstance(item, pikepdf.String)]
        if str(operators[text_at][1]) == "TJ"
        else [operand]
    )
    return (
        operators,
        text_at,
        matrix_at,
        b"".join(bytes(piece) for piece in pieces),
        float(operators[matrix_at][0][4]),
    )


def _glyph_codes(shown: bytes, count: int) -> list[bytes]:
    """The codes of `count` glyphs shown as one string (WeasyPrint's fonts are two bytes a glyph)."""
    size = len(shown) // count
    if size * count != len(shown):
        raise RenderError("The page-number sample's glyphs are not of one size")
    return [shown[i : i + size] for i in range(0, len(shown), size)]
