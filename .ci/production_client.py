"""The production path over HTTP, as a browser would: log in with CSRF, submit a report, compile, download.

Usage: production_client.py BASE_URL PERIOD OUTPUT.pdf. The portal runs with production settings behind
no proxy, so every request says X-Forwarded-Proto: https (as the office proxy does) and the session's
Secure cookies are carried by hand. Any unexpected answer exits non-zero with what was seen.
"""

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

PASSWORD = "kdc-demo-2025"  # the demo logins that seed_demo creates
SUBMITTED = "Đã gửi"


class Forms(HTMLParser):
    """Every form of a page: its action and the values a browser would send by default."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action") or "", "id": attrs.get("id"), "fields": [], "textareas": set()}
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["textareas"].add(attrs["name"])
            self.forms[-1]["fields"].append((self._textarea, ""))
        elif tag == "select" and attrs.get("name"):
            self.forms[-1]["fields"].append((attrs["name"], ""))
        elif tag == "option" and "selected" in attrs and self.forms[-1]["fields"]:
            name, _value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, dict, bytes]:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"X-Forwarded-Proto": "https", "Referer": self.base.replace("http:", "https:") + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        check(url.startswith(self.base), f"not the portal under test: {url}")
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - checked above
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, dict(response.headers), response.read()

    def get(self, path: str, expect: int = 200) -> str:
        status, headers, body = self.request(path)
        check(status == expect, f"GET {path}: {status}, expected {expect}")
        return body.decode("utf-8", "replace")

    def post(self, path: str, fields: list[tuple[str, str]]) -> str:
        status, headers, body = self.request(path, fields)
        shown = body[:3000].decode(errors="replace")
        check(status == 302, f"POST {path}: {status} (a refused form?)\n{shown}")
        return urllib.parse.urlsplit(headers["Location"]).path

    def login(self, username: str) -> None:
        self.cookies.clear()
        page = self.get("/accounts/login/")
        (form,) = forms(page)
        fields = [(k, v) for k, v in form["fields"] if k not in ("username", "password")]
        landed = self.post("/accounts/login/", fields + [("username", username), ("password", PASSWORD)])
        check(landed != "/accounts/login/", f"login of {username} was refused")
        print(f"logged in as {username}")


def forms(page: str) -> list[dict]:
    parser = Forms()
    parser.feed(page)
    return parser.forms


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def submit_report(browser: Browser, period: str) -> None:
    """A ward officer opens the period's report, writes every section and submits it."""
    browser.login("phuong.anxuan")
    # The demo lives in the present: the period asked for may already have its report; then the ward
    # starts the report of another period it has not begun yet.
    mine = browser.get("/reports/mine/")
    starts = [f for f in forms(mine) if f["action"].startswith("/reports/start/")]
    drafts = [
        f"/reports/{pk}/edit/"
        for pk in dict.fromkeys(re.findall(r'href="/reports/(\d+)/', mine))
        if browser.request(f"/reports/{pk}/edit/")[0] == 200
    ]
    check(bool(starts or drafts), "no report of the ward can be started or continued")
    if starts:
        form = next((f for f in starts if f["action"] == f"/reports/start/{period}/"), starts[0])
        edit = browser.post(form["action"], form["fields"])
    else:  # a draft or a returned report the ward continues
        edit = drafts[0]
    check(edit.endswith("/edit/"), f"the {period} report of the ward is not editable ({edit})")
    (form,) = [f for f in forms(browser.get(edit)) if any(k == "version" for k, _ in f["fields"])]
    # Every narrative section (and the late reason) written; the nomination rows stay empty.
    fields = [
        (name, value.strip() or "Khu dân cư tổ chức sinh hoạt định kỳ, đoàn kết, tự quản.")
        if name in form["textareas"] and not name.startswith("nominations-")
        else (name, value)
        for name, value in form["fields"]
    ]
    detail = browser.post(edit, fields + [("submit", "1")])
    if re.fullmatch(r"/reports/\d+/", detail) is None:
        alerts = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', browser.get(detail), re.S)
        shown = [re.sub(r"<[^>]+>|\s+", " ", alert).strip() for alert in alerts]
        check(False, f"submitting went to {detail}: {shown}")
    page = browser.get(detail)
    check(SUBMITTED in page, "the report does not show as submitted")
    print(f"submitted {detail}")


def compile_and_download(browser: Browser, period: str, output: str) -> None:
    browser.login("canbo.tp")
    page = browser.get(f"/periods/{period}/")
    (form,) = [f for f in forms(page) if f["id"] == "compile-form"]
    detail = browser.post(form["action"], form["fields"])
    pk = re.fullmatch(r"/compiled/(\d+)/", detail).group(1)
    print(f"compile requested: version page {detail}")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = browser.get(f"/compiled/{pk}/status/")
        if 'data-final="1"' in status:
            break
        time.sleep(2)
    check("download/pdf/" in status, f"the compile did not finish well: {re.sub(r'<[^>]+>', ' ', status)}")
    code, headers, body = browser.request(f"/compiled/{pk}/download/pdf/")
    check(code == 200 and body.startswith(b"%PDF"), f"PDF download: {code}")
    cache = headers.get("Cache-Control", "")
    check("no-store" in cache, f"a private download with Cache-Control: {cache}")
    with open(output, "wb") as out:
        out.write(body)
    print(f"downloaded {len(body)} bytes -> {output}")


def main() -> None:
    base, period, output = sys.argv[1:4]
    browser = Browser(base)
    submit_report(browser, period)
    compile_and_download(browser, period, output)


if __name__ == "__main__":
    main()
