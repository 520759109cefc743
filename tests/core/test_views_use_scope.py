"""Views reach rows only through the scope helpers, so a view that forgets the scope fails here."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORBIDDEN = [
    (re.compile(r"get_object_or_404\("), "use get_for_user_or_404(Model.objects.for_user(user), ...)"),
    (re.compile(r"\.objects\.(get|filter|all|exclude)\("), "use Model.objects.for_user(user) or a selector"),
]
# Configuration rows are not unit data and have no scope; the configuration view says why.
ALLOWED = {("wards/views.py", "Organisation.objects.all()")}


def _view_modules():
    for app in ("wards", "programs", "reports", "tamky_kdc"):
        yield from (ROOT / app).rglob("views*.py")
        views_pkg = ROOT / app / "views"
        if views_pkg.is_dir():
            yield from views_pkg.rglob("*.py")


def test_no_view_reads_rows_without_the_scope_helpers():
    problems = []
    for path in _view_modules():
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for pattern, advice in FORBIDDEN:
                if pattern.search(line) and not any(
                    relative == file and snippet in line for file, snippet in ALLOWED
                ):
                    problems.append(f"{relative}:{number}: {line.strip()} — {advice}")
    assert not problems, "\n".join(problems)


def test_the_scan_finds_the_view_modules():
    assert any(path.name == "views.py" for path in _view_modules())
