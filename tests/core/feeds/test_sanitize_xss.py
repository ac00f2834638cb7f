"""Known XSS vectors through the show-notes sanitiser: nothing that can act or load survives.

The vectors come from the OWASP XSS filter evasion cheat sheet, html5sec.org and the
mutation-XSS literature. Each output is checked twice, independently of the sanitiser's own
parser: a strict syntactic scan (every ``<`` opens or closes an allowed tag, no comment) and a
walk with the standard library's HTML tokenizer (only allowed tags and attributes, and every
``href`` an absolute http(s)/mailto URL once decoded the way a browser decodes it).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from player.feeds.sanitize import ALLOWED_ATTRS, ALLOWED_TAGS, SAFE_SCHEMES, sanitize_html

BASE = "https://example.org/episodes/1"
B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
ENCODED_JS_DEC = "".join(f"&#{ord(c)};" for c in "javascript:")
ENCODED_JS_HEX_NO_SEMI = "".join(f"&#x{ord(c):X}" for c in "javascript:")
ENCODED_JS_PADDED = "".join(f"&#{ord(c):07d}" for c in "javascript:")

VECTORS = {
    "script tag": "<script>alert(1)</script>",
    "script src upper case": "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "script with slash separator": '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    "doubled open bracket": '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "unclosed script src": "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "split script keyword": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "img javascript src": "<IMG SRC=\"javascript:alert('XSS');\">",
    "img mixed case scheme": "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "img grave accents": "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "img malformed quotes": '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "img onerror entity payload": f'<img src=x onerror="{ENCODED_JS_PADDED}alert(1)">',
    "anchor onmouseover": '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "anchor javascript href": '<a href="javascript:alert(1)">x</a>',
    "anchor vbscript href": '<a href="vbscript:msgbox(1)">x</a>',
    "anchor data href": f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>',
    "decimal entity javascript": f'<a href="{ENCODED_JS_DEC}alert(1)">x</a>',
    "hex entities without semicolons": f'<a href="{ENCODED_JS_HEX_NO_SEMI}alert(1)">x</a>',
    "zero padded entities": f'<a href="{ENCODED_JS_PADDED}alert(1)">x</a>',
    "named colon entity": '<a href="javascript&colon;alert(1)">x</a>',
    "embedded tab": '<a href="jav\tascript:alert(1)">x</a>',
    "embedded encoded tab": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "embedded encoded newline": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "leading spaces and control": '<a href=" &#14;  javascript:alert(1)">x</a>',
    "leading raw control char": '<a href="\x01javascript:alert(1)">x</a>',
    "null byte in scheme": '<a href="java\x00script:alert(1)">x</a>',
    "unquoted href with space trick": "<a href=javascript:alert(1) title=x>x</a>",
    "attribute breakout": '<a title="&quot;><script>alert(1)</script>">x</a>',
    "body onload junk": '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "svg onload": "<svg/onload=alert(1)>",
    "svg script": "<svg><script>alert(1)</script></svg>",
    "svg xlink href": '<svg><a xlink:href="javascript:alert(1)"><text x="20">XSS</text></a></svg>',
    "math xlink href": '<math><a xlink:href="javascript:alert(1)">click</a></math>',
    "math mglyph style mutation": (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
        "</mglyph></table></mtext></math>"
    ),
    "noscript attribute mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "style attribute url": '<p style="background:url(javascript:alert(1))">x</p>',
    "style expression": "<div style=\"width: expression(alert('XSS'));\">x</div>",
    "style element import": "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "link stylesheet": '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    "meta refresh javascript": (
        '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">'
    ),
    "meta refresh data": f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html,{B64_SCRIPT}">',
    "base href": "<base href=\"javascript:alert('XSS');//\">",
    "table background": "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    "td background": "<table><tr><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></tr></table>",
    "iframe unclosed": "<iframe src=http://xss.rocks/scriptlet.html <",
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object data": f'<object data="data:text/html;base64,{B64_SCRIPT}"></object>',
    "embed svg": f'<embed src="data:image/svg+xml;base64,{B64_SCRIPT}">',
    "form button formaction": "<form><button formaction=javascript:alert(1)>X</button></form>",
    "input autofocus": "<input onfocus=alert(1) autofocus>",
    "details ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "video source onerror": '<video><source onerror="alert(1)"></video>',
    "comment hiding tag": '<!--<img src="--><img src=x onerror=alert(1)//">',
    "conditional comment": "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "cdata wrapper": "<![CDATA[<script>alert(1)</script>]]>",
    "xmp raw text": "<xmp><script>alert(1)</script></xmp>",
    "template content": "<template><script>alert(1)</script></template>",
    "isindex": "<isindex type=image src=1 onerror=alert(1)>",
    "allowed tag with handler": '<b onclick="alert(1)">bold</b>',
    "allowed tag with id and class": '<span id="x" class="y" style="color:red">s</span>',
}

_ALLOWED_NAME = "|".join(sorted(ALLOWED_TAGS, key=len, reverse=True))
_TAG_OPENING = re.compile(rf"</?(?:{_ALLOWED_NAME})(?=[\s>])")
_URL_NOISE = re.compile(r"[\t\n\r]")  # removed inside URLs by browsers (URL standard)


class _Walker(HTMLParser):
    """Collects every problem a browser could act on in sanitised output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, set()) | {"rel"}:
                self.problems.append(f"attribute {name}= on <{tag}> is not allowed")
            if name == "href":
                url = _URL_NOISE.sub("", value or "").strip("\x00\x01\x02\x03\x04\x05\x06\x07"
                                                             "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                             "\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                             "\x1b\x1c\x1d\x1e\x1f ")  # fmt: skip
                if urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
                    self.problems.append(f"href {value!r} is not an http(s)/mailto URL")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment {data!r} survived")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration {decl!r} survived")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data!r} survived")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration {data!r} survived")


def problems_in(output: str) -> list[str]:
    """Everything executable or loading in sanitised ``output`` (empty when it is safe)."""
    problems = [
        f"'<' at {m.start()} does not open an allowed tag: {output[m.start() : m.start() + 30]!r}"
        for m in re.finditer("<", output)
        if not _TAG_OPENING.match(output, m.start())
    ]
    walker = _Walker()
    walker.feed(output)
    walker.close()
    return problems + walker.problems


@pytest.mark.parametrize("vector", VECTORS.values(), ids=VECTORS.keys())
def test_known_xss_vectors_come_out_inert(vector: str) -> None:
    output = sanitize_html(f"<p>before</p>{vector}<p>after</p>", BASE)
    assert problems_in(output) == [], output
    assert output.startswith("<p>before</p>"), output  # the notes around a vector are kept


def test_the_checker_catches_what_it_looks_for() -> None:
    """The XSS checks above are only worth something if they fail on unsafe output."""
    assert problems_in('<img src="x" onerror="alert(1)">')
    assert problems_in('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert problems_in('<a href=" \x0ejavascript:alert(1)">x</a>')
    assert problems_in("<b onclick=x>b</b>")
    assert problems_in("<!-- c -->")
    assert problems_in("a <scr" + "ipt>")
    assert problems_in(html.unescape("&lt;svg onload=x&gt;"))
    assert problems_in('<p>ok</p><a href="https://example.org/" rel="noopener">l</a>') == []


def test_safe_links_survive_with_their_text() -> None:
    output = sanitize_html('<a href="mailto:host@example.org">mail</a> <a href="/n">n</a>', BASE)
    assert output == (
        '<a href="mailto:host@example.org" rel="noopener noreferrer nofollow">mail</a> '
        '<a href="https://example.org/n" rel="noopener noreferrer nofollow">n</a>'
    )


def test_relative_links_resolve_against_each_callers_own_page_in_parallel() -> None:
    """The base URL reaches nh3's callback per thread: parallel parses never swap pages."""
    from concurrent.futures import ThreadPoolExecutor

    def clean(n: int) -> str:
        return sanitize_html(f'<a href="notes">{n}</a>' * 50, f"https://host{n}.example/ep/")

    with ThreadPoolExecutor(8) as pool:
        outputs = list(pool.map(clean, range(64)))
    for n, output in enumerate(outputs):
        assert output.count(f'href="https://host{n}.example/ep/notes"') == 50, output[:200]


def test_relative_links_without_a_web_page_to_resolve_against_are_dropped() -> None:
    assert sanitize_html('<a href="notes">n</a>') == "<a>n</a>"
    assert sanitize_html('<a href="notes">n</a>', "file:///home/me/feed.xml") == "<a>n</a>"
