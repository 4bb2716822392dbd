"""HTML pasted into a Markdown document comes as Markdown (writer/documents/html_markdown.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.documents import markdown as md
from writer.documents.html_markdown import markdown_from_html, worth_converting


def test_a_web_pages_blocks_and_inline_marks_come_as_markdown() -> None:
    html = (
        '<meta charset="utf-8"><style>p { color: red }</style><h2>The <em>Keeper</em></h2>'
        '<p>He <b>climbed</b> the <i>spiral</i>   stairs, <code>a*b</code>, '
        '<del>gone</del>. See <a href="https://example.org/a b">the map</a> and '
        '<a href="javascript:alert(1)">this</a>.<br>A new line.</p>'
        "<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li>"
        "<li>second</li></ol><blockquote><p>A quote.</p><p>Two.</p></blockquote>"
        '<pre><code>print("*hi*")\n    x = 1</code></pre><hr>'
        '<p><img src="https://example.org/lamp.png" alt="the lamp"> '
        '<img src="data:image/png;base64,AAAA" alt="a blob"> <img src="file:///x.png"></p>'
        "<p>5 * 3, snake_case, _under_, # no heading, <!-- a comment -->&lt;b&gt; &amp;</p>"
        "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ruth</td><td>40</td></tr></table>"
        "<script>alert('no')</script>"
    )
    assert worth_converting(html)
    assert markdown_from_html(html) == (
        "## The *Keeper*\n\n"
        "He **climbed** the *spiral* stairs, `a*b`, ~~gone~~. See "
        "[the map](https://example.org/a%20b) and this.  \nA new line.\n\n"
        "- one\n- two\n  - inner\n\n1. first\n2. second\n\n> A quote.\n>\n> Two.\n\n"
        '```\nprint("*hi*")\n    x = 1\n```\n\n---\n\n'
        "![the lamp](https://example.org/lamp.png) a blob\n\n"
        "5 \\* 3, snake_case, \\_under\\_, # no heading, \\<b> &\n\n"
        "| Name | Age |\n| --- | --- |\n| Ruth | 40 |"
    )
    # a highlighter's line of code, a block in <pre>, is a line of it (the lines before it were
    # lost)
    assert markdown_from_html("<pre><div>a = 1</div><div>b</div><p>c</p></pre>") == (
        "```\na = 1\nb\nc\n```"
    )


def test_a_word_processors_styles_are_read_and_a_code_editors_copy_is_not_converted() -> None:
    """Google Docs wraps its copy in a <b> of normal weight and says bold and italic in
    spans' styles; VS Code's copy of Markdown source is coloured spans: pasted as its text."""
    docs = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
        '<p dir="ltr"><span style="font-weight:700;">Chapter</span><span style="font-weight:'
        '400;"> one, </span><span style="font-style:italic;">softly</span></p>'
        "<p><span>灯塔看守人每天晚上都爬上楼梯。</span></p></b>"
    )
    assert worth_converting(docs)
    assert markdown_from_html(docs) == "**Chapter** one, *softly*\n\n灯塔看守人每天晚上都爬上楼梯。"
    vscode = (
        '<div style="color: #d4d4d4;background-color: #1e1e1e;"><div><span style="color: '
        '#569cd6;font-weight: normal;">**bold**</span><span> and [a](b)</span></div></div>'
    )
    assert not worth_converting(vscode)
    assert not worth_converting('<a href="#top">top</a> <span>plain</span>')


TAGS = st.sampled_from(
    ["p", "b", "i", "em", "strong", "a", "ul", "ol", "li", "h1", "h3", "blockquote", "pre",
     "code", "br", "img", "table", "tr", "td", "span", "div", "script", "del", "hr"]
)  # fmt: skip
PIECE = st.one_of(
    st.builds(lambda t: f"<{t}>", TAGS),
    st.builds(lambda t: f"</{t}>", TAGS),
    st.just('<a href="https://x.org/(a)">'),
    st.just('<span style="font-weight:bold">'),
    st.just('<img src="https://x.org/p.png" alt="*a*">'),
    st.text(st.sampled_from("ab *_`#>-1. \n灯<&;![]()~\\"), max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECE, max_size=30))
def test_any_html_gives_markdown_that_keeps_its_words(pieces: list[str]) -> None:
    """Tag soup gives text, never an error; every word of the HTML's text is in it, and the
    Markdown read back has no mark the HTML did not put there (its text's marks escaped)."""
    html = "".join(pieces)
    worth_converting(html)
    text = markdown_from_html(html)
    assert "\x00" not in text
    for word in ("ab", "灯"):
        if "<script" in html:
            break  # (what follows it is its code: dropped)
        if word in html.replace("<", " ").split(">")[-1]:  # (text after the last tag)
            assert word in text.replace("\\", "")
    # text alone (no tags) is escaped: read back, none of it is emphasis, code or a heading
    plain = "".join(p for p in pieces if "<" not in p and ">" not in p and "&" not in p)
    if plain.strip():
        for line in markdown_from_html(plain).split("\n"):
            spans, _state = md.line_spans(line)
            assert not [s for s in spans if s.kind in (md.Kind.EMPHASIS, md.Kind.STRONG,
                                                       md.Kind.CODE, md.Kind.HEADING)], line


CELL = st.lists(st.sampled_from(["ab", "灯塔", " ", "|", "\\", "*", "`", "_", "#", "- ", "1. ",
                                 "\n", "&amp;", "<br>", "<p>", "</p>", "<b>", "</b>", "<code>",
                                 "</code>", '<a href="https://x.org/a|b">', "</a>"]), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=4), st.booleans())
def test_a_table_comes_as_a_pipe_table_with_each_cells_words_in_its_cell(
    rows: list[list[list[str]]], heads: bool
) -> None:
    """A table is a GFM pipe table: a header row (its first), the `| --- |` line, every row
    as wide as the widest; the words of each cell stay in that cell, whatever pipes, breaks,
    paragraphs and marks it holds."""
    tag = "th" if heads else "td"
    html = "<p>Before</p><table>" + "".join(
        "<tr>" + "".join(f"<{tag if n == 0 else 'td'}>{''.join(cell)}</td>" for cell in row)
        + "</tr>" for n, row in enumerate(rows)
    ) + "</table><p>After</p>"  # fmt: skip

    def words(text: str) -> list[str]:
        return re.findall(r"ab|灯塔", re.sub(r"<[^>]*>", " ", text))

    if not any(words("".join(cell)) for row in rows for cell in row):
        return  # (a table of no words: none written; its marks may say something)
    text = markdown_from_html(html)
    blocks = text.split("\n\n")
    assert blocks[0] == "Before"
    assert blocks[-1] == "After"
    lines = blocks[-2].split("\n")
    width = max(len(row) for row in rows)
    assert lines[1] == "|" + " --- |" * width
    del lines[1]
    assert len(lines) == len(rows)
    for row, line in zip(rows, lines, strict=True):
        assert line.startswith("| ")
        assert line.endswith(" |")
        cells = re.split(r"(?<!\\)((?:\\\\)*)\|", line[1:-1])  # (a pipe after even "\"s)
        cells = [cells[i] + (cells[i + 1] or "") if i + 1 < len(cells) else cells[i]
                 for i in range(0, len(cells), 2)]  # fmt: skip
        assert len(cells) == width, line
        for n, cell in enumerate(cells):
            assert words(cell) == (words("".join(row[n])) if n < len(row) else []), line


def test_hostile_nesting_is_followed_only_so_deep() -> None:
    """Inline tags open past MOST_OPEN give their text without marks, lists and quotations
    past MOST_NESTED stay at that depth ("<span>" × 50,000 took seconds a tag before)."""
    from writer.documents.html_markdown import MOST_NESTED, MOST_OPEN

    assert markdown_from_html("<span>" * (MOST_OPEN + 5) + "<b>deep</b> <b>x") == "deep x"
    assert markdown_from_html("<em>" * 500 + "a") == "a"  # (opened, never closed: no marks)
    assert markdown_from_html("<b>" * 3 + "a" + "</b>" * 3) == "**a**"
    items = markdown_from_html("<ul><li>x" * (MOST_NESTED + 10)).split("\n")
    assert len(items) == MOST_NESTED + 10
    assert items[-1] == "  " * (MOST_NESTED - 1) + "- x"
    assert markdown_from_html("<blockquote>" * 40 + "q") == "> " * MOST_NESTED + "q"
