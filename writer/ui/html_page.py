"""A web page of a QTextDocument, in plain HTML a blog or a publisher's system takes.

Qt's own `toHtml` writes its rich-text dump (an HTML 4 doctype, `qrichtext`, `-qt-block-indent`
on every paragraph, a quotation as an indented paragraph, code as a span in a monospace font).
This writes what the Markdown said: `h1`-`h6`, `p`, `blockquote` (one in another for a quotation
in a quotation), `ul`/`ol` (nested inside their items, a numbered list's start kept), `table` (its
header row, each column's alignment), `pre`/`code`, `em`, `strong`, `del`, `a`, `hr` and `img`
(the address as the Markdown gave it, and its words, which a browser shows where the picture is
not found), with a short style sheet in the editor's font, the page's language and its title. It
reads the document as the OpenDocument writer does (`writer.ui.odt.walk` and `runs`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QFont, QTextBlock, QTextDocument, QTextFormat

from writer.ui.front import Front, heading_ids
from writer.ui.odt import (
    LIST_CLOSE,
    NEXT_ITEM,
    ListOpen,
    Table,
    is_code,
    quote_level,
    runs,
    walk,
)

STYLE = (
    "body {{ font-family: {family}; font-size: {size}pt; line-height: 1.5; max-width: 40em; "
    "margin: 2em auto; padding: 0 1em; }}\n"
    "blockquote {{ margin: 1em 2em; }}\n"
    "pre, code {{ font-family: monospace; }}\n"
    "img {{ max-width: 100%; height: auto; }}\n"
    "table {{ border-collapse: collapse; margin: 1em 0; }}\n"
    "th, td {{ border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; }}\n"
)


def write_html(doc: QTextDocument, font: QFont, title: str = "", language: str = "en",
               front: Front | None = None) -> bytes:  # fmt: skip
    """The page's bytes (UTF-8); `front`: a project's title page and table of contents (links
    to the headings) before the text, and its author."""
    ids = heading_ids(doc)  # (a link to "#part-two" goes to its heading, as on GitHub)
    body: list[str] = [_front(front)] if front is not None else []
    closing: list[str] = []  # the closing tag of each list open
    code: list[str] = []  # the lines of a code block being gathered
    quote = 0  # the <blockquote>s open

    def end_code() -> None:
        if code:
            body.append("<pre><code>" + "\n".join(code) + "</code></pre>\n")
            code.clear()

    for step in walk(doc):
        if not isinstance(step, QTextBlock):
            end_code()
            body.append("</blockquote>\n" * quote)
            quote = 0
        if isinstance(step, Table):
            body.append(_table(step))
        elif step is LIST_CLOSE:
            body.append(f"</li></{closing.pop()}>\n")
        elif step is NEXT_ITEM:
            body.append("</li>\n<li>")
        elif isinstance(step, ListOpen):
            tag = "ol" if step.numbered else "ul"
            start = f' start="{step.start}"' if step.numbered and step.start != 1 else ""
            body.append(f"<{tag}{start}>\n<li>")
            closing.append(tag)
        else:
            fmt = step.blockFormat()
            level = quote_level(step)
            if level != quote:
                end_code()
                if level > quote:
                    body.append("<blockquote>\n" * (level - quote))
                else:
                    body.append("</blockquote>\n" * (quote - level))
                quote = level
            if is_code(fmt):
                code.append(escape(step.text()))
                continue
            end_code()
            body.append(_block(step, in_list=bool(closing), id_=ids.get(step.blockNumber(), "")))
    end_code()
    body.append("</blockquote>\n" * quote)
    style = STYLE.format(
        family=_css_family(font.families() or [font.family() or "serif"]),
        size=f"{font.pointSizeF() if font.pointSizeF() > 0 else 12:g}",
    )
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n{_author(front)}<style>\n{style}</style>\n</head>\n"
        "<body>\n"
        + "".join(body)
        + "</body>\n</html>\n"
    )
    return page.encode("utf-8", "replace")


def _author(front: Front | None) -> str:
    """The page's author, for its readers' tools (a line of its head)."""
    if front is None or not front.manuscript.author:
        return ""
    return f'<meta name="author" content="{escape(front.manuscript.author)}">\n'


def _front(front: Front) -> str:
    """The title page (printed on a page of its own) and the table of contents: a list of
    links to the headings, nested by level."""
    m = front.manuscript
    out: list[str] = []
    if m.title_page:
        author = f'<p class="author">{escape(m.author)}</p>\n' if m.author else ""
        out.append('<header class="title-page" style="text-align: center; break-after: page">\n'
                   f'<h1 class="title">{escape(m.title)}</h1>\n{author}</header>\n')  # fmt: skip
    if front.entries:
        out.append(f'<nav id="contents">\n<h2>{escape(m.contents_title)}</h2>\n')
        depth = 0  # the lists open
        top = min(e.level for e in front.entries)
        for entry in front.entries:
            level = entry.level - top + 1
            if level > depth:
                out.append("\n<ul>\n<li>" * (level - depth))
            else:
                out.append("</li>\n</ul>" * (depth - level) + "</li>\n<li>")
            depth = level
            out.append(f'<a href="#{escape(entry.slug)}">{escape(entry.text)}</a>')
        out.append("</li>\n</ul>" * depth + "\n</nav>\n")
    return "".join(out)


def _block(block: QTextBlock, in_list: bool, id_: str = "") -> str:
    fmt = block.blockFormat()
    level = fmt.headingLevel()
    inner = _spans(block, bold_already=1 <= level <= 6)
    # (a project's next document: a new page when printed)
    broken = ' style="break-before: page"' if (
        fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore) else ""
    if 1 <= level <= 6:
        anchor = f' id="{escape(id_)}"' if id_ else ""  # (links and the contents go to it)
        return f"<h{level}{anchor}{broken}>{inner}</h{level}>\n"
    if broken and not (in_list and block.textList() is not None):
        return f"<p{broken}>{inner}</p>\n"
    if fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
        return "<hr>\n"
    if in_list and block.textList() is not None:
        return inner  # (inside its <li>)
    return f"<p>{inner}</p>\n" if inner else ""


def _table(table: Table) -> str:
    """A table of the document, its first row the header."""

    def row(cells: tuple[tuple[QTextBlock, ...], ...], tag: str) -> str:
        out = []
        for blocks, align in zip(cells, table.aligns, strict=False):
            style = f' style="text-align: {align}"' if align else ""
            inner = "<br>".join(_spans(b, bold_already=tag == "th") for b in blocks)
            out.append(f"<{tag}{style}>{inner}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>\n"

    if not table.rows:
        return ""
    head, *rest = table.rows
    page = "<table>\n<thead>\n" + row(head, "th") + "</thead>\n"
    if rest:
        page += "<tbody>\n" + "".join(row(cells, "td") for cells in rest) + "</tbody>\n"
    return page + "</table>\n"


def _spans(block: QTextBlock, bold_already: bool = False) -> str:
    out: list[str] = []
    for run in runs(block, bold_already):
        if run.picture:  # (a browser shows the words where the picture is not found)
            img = f'<img src="{escape(run.picture)}" alt="{escape(run.alt)}">'
            if run.href:  # (a picture that is a link: `[![words](a.png)](address)`)
                img = f'<a href="{escape(run.href)}">{img}</a>'
            out.append(img * max(1, run.text.count("\ufffc")))
            continue
        text = escape(run.text.replace("\ufffc", "")).replace("\u2028", "<br>")
        if run.code:
            text = f"<code>{text}</code>"
        if run.struck:
            text = f"<del>{text}</del>"
        if run.raised:  # (a footnote's mark: its note's words shown over it)
            tip = f' title="{escape(run.tip, quote=True)}"' if run.tip else ""
            text = f"<sup{tip}>{text}</sup>"
        elif run.lowered:
            text = f"<sub>{text}</sub>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.href:
            text = f'<a href="{escape(run.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _css_family(families: list[str]) -> str:
    """The editor's font and the faces it shows Chinese, Japanese and Korean in after it (a
    Song beside a serif; the browser's own fallback is often a Hei), then the generic serif."""
    quoted = [
        name.replace("\\", "").replace('"', "").replace(";", "").replace("<", "")
        for name in families
    ]
    return "".join(f'"{name}", ' for name in quoted if name) + "serif"
