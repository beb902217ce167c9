"""The main text of a web page: what a reader sees in the article, without navigation or boilerplate.

The content root is ``<main>``, else the only ``<article>``, else an element with ``role="main"``,
else ``<body>``. Below it, navigation, asides, page footers, scripts, styles, forms, dialogs,
hidden elements and cookie or consent banners are skipped; a ``<header>`` is kept only inside
``<main>``/``<article>`` (where it usually holds the headline). Entities are decoded, runs of
white space collapse to one space, and every block element (paragraph, heading, list item, table
cell, ...) becomes a paragraph of its own, separated by a blank line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

_SKIPPED_TAGS = frozenset(
    {"nav", "aside", "footer", "script", "style", "noscript", "form", "template", "iframe", "svg", "canvas",
     "button", "select", "textarea", "input", "label", "dialog", "menu", "object", "embed", "head", "title", "meta", "link"}
)
_SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar"})
_BOILERPLATE = re.compile(r"cookie|consent|gdpr|dsgvo|breadcrumb|skip-?link|social-?(?:share|media|links)|share-?(?:buttons|links|bar)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
     "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "td",
     "th", "tr", "ul", "caption", "body"}
)
_CONTENT_TAGS = frozenset({"main", "article"})
_SPACE = re.compile(r"\s+")
_INVISIBLE = str.maketrans({"\xad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


class PageText(NamedTuple):
    """What a reader takes from a web page."""

    text: str
    title: str
    language: str  # as the page declares it (``<html lang>``), or ""


def html_main_text(html: str) -> PageText:
    """The main text, title and declared language of an HTML page.

    The title is the first ``<h1>`` of the main text, else the ``<title>``, else empty.

    Examples
    --------
    >>> page = '''<html><head><title>News | Site</title><script>var x = "secret";</script></head>
    ... <body><nav><a href="/">Start</a></nav><div class="cookie-banner">Wir nutzen Cookies.</div>
    ... <main><h1>Airbus &amp; DLR</h1><p>Die  <b>Airbus</b> Operations&nbsp;GmbH<br>forscht.</p>
    ... <aside>Mehr News</aside></main><footer>Impressum</footer></body></html>'''
    >>> text, title, language = html_main_text(page)
    >>> print(text)
    Airbus & DLR
    <BLANKLINE>
    Die Airbus Operations GmbH
    <BLANKLINE>
    forscht.
    >>> title
    'Airbus & DLR'
    """
    tree = LexborHTMLParser(html)
    root = _content_root(tree)
    paragraphs = _paragraphs(root) if root is not None else []
    if not paragraphs and tree.body is not None and root is not tree.body:
        root = tree.body
        paragraphs = _paragraphs(root)
    text = "\n\n".join(paragraphs)
    title = _first_heading(root) or _page_title(tree)
    html_element = tree.css_first("html")
    language = (html_element.attributes.get("lang") or "") if html_element is not None else ""
    return PageText(text, title, language.strip())


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    main = tree.css_first("main")
    if main is not None:
        return main
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    return tree.css_first('[role="main"]') or tree.body or tree.root


def _skipped(node: LexborNode, inside_content: bool) -> bool:
    tag = node.tag or ""
    if tag in _SKIPPED_TAGS or (tag == "header" and not inside_content):
        return True
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    if (attributes.get("role") or "").lower() in _SKIPPED_ROLES:
        return True
    marks = f"{attributes.get('id') or ''} {attributes.get('class') or ''}"
    return bool(marks.strip()) and bool(_BOILERPLATE.search(marks))


def _paragraphs(root: LexborNode) -> list[str]:
    """The visible text below ``root``, one string per block, walked without recursion."""
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        joined = _SPACE.sub(" ", "".join(current).translate(_INVISIBLE)).strip()
        if joined:
            paragraphs.append(joined)
        current.clear()

    # Stack items: (node, inside <main>/<article>, leaving?)
    stack: list[tuple[LexborNode, bool, bool]] = [(root, (root.tag or "") in _CONTENT_TAGS, False)]
    while stack:
        node, inside_content, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            close_paragraph()
            continue
        if node.is_text_node:
            current.append(node.text_content or "")
            continue
        if not node.is_element_node or _skipped(node, inside_content):
            continue
        inside = inside_content or tag in _CONTENT_TAGS
        if tag in _BLOCK_TAGS:
            close_paragraph()
            stack.append((node, inside, True))
        children = list(node.iter(include_text=True))
        stack.extend((child, inside, False) for child in reversed(children))
    close_paragraph()
    return paragraphs


def _first_heading(root: LexborNode | None) -> str:
    if root is None:
        return ""
    heading = root.css_first("h1")
    return _SPACE.sub(" ", heading.text()).strip() if heading is not None else ""


def _page_title(tree: LexborHTMLParser) -> str:
    title = tree.css_first("title")
    return _SPACE.sub(" ", title.text()).strip() if title is not None else ""
