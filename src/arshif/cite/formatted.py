"""Formatted references (Chicago author-date, Chicago notes-bibliography, APA) from CSL items.

The references come from a real CSL processor, citeproc-py, running the official CSL styles and
the en-US locale vendored in ``styles/`` (see ``styles/SOURCE.txt``); the tests compare them with
citeproc-js, the processor Zotero uses. Each reference is rendered on its own, in the order
given (an export keeps the search's rank order; a bibliography style would re-sort and merge).

citeproc-py 0.11 departs from citeproc-js (and from CSL 1.0.2) in ways that show on these records;
each is corrected here, narrowly (docs/citations.md lists them with examples):

1. Substituted variables are not suppressed when the substitute is a macro (CSL 1.0.2 §
   "Substitute"): an article with no author printed its outlet, or its title, twice. The patch
   records the variables a substitute actually rendered and suppresses them for the rest of the
   entry, as citeproc-js does.
2. Quotation marks. citeproc-js reads quotation marks in titles as markup: pairs of straight or
   curly double quotes and straight single quotes are printed with the locale's quotes by
   nesting depth (“…” outside, ‘…’ inside a quoted title), other straight single quotes become
   ’, and a period or comma the style puts after a closing quote moves inside it when the locale
   says ``punctuation-in-quote`` (en-US does). citeproc-py prints titles as they are and applies
   ``punctuation-in-quote`` to nothing that follows the quoted element (``“…”.``). Here the
   quotes of the style and of title and outlet values become private-use markers, resolved after
   rendering.
3. A reference that opens with the locale's "no date" term is capitalised (``N.d.``), as
   citeproc-js capitalises it at the start of a bibliography entry.

Two more corrections concern the styles, not the processor, and are made the same way for
citeproc-js in the tests:

4. Chicago's ``text-case="capitalize-first"`` on ``archive_location`` turned the identifier into
   ``Urn:arshif:…``; identifiers are passed case-protected (`processor_item`).
5. Chicago author-date printed a newspaper article without an outlet as ``2021, November 19,
   2021``; the vendored style gives the month and day alone in that case (``styles/SOURCE.txt``).

Names are literal (see `arshif.cite.csl`), so neither processor splits or initialises them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc import model as csl_model
from citeproc.frontend import CitationStylesXML
from citeproc.source.json import CiteProcJSON

#: Style names (files ``styles/<name>.csl``) of the formatted formats.
STYLES = ("chicago-author-date", "chicago-note-bibliography", "apa")
LOCALE = "en-US"

_lock = threading.Lock()
_recording: list[set[tuple[str, str]]] = []
#: True while arshif renders (under `_lock`): only then do the style's quotes become markers.
_rendering = threading.Event()


def style_path(name: str) -> Path:
    """The vendored ``.csl`` file of style `name`."""
    if name not in STYLES:
        raise ValueError(f"no vendored CSL style {name!r}; styles: {', '.join(STYLES)}")
    return Path(str(files("arshif.cite") / "styles" / f"{name}.csl"))


def locale_path() -> Path:
    """The vendored CSL locale file (``locales-en-US.xml``)."""
    return Path(str(files("arshif.cite") / "styles" / f"locales-{LOCALE}.xml"))


def _patch_citeproc() -> None:
    """Patch citeproc-py for fixes 1 and 2 (see the module's docstring). Idempotent.

    Substitution suppression is a plain bug fix. The quote markers are only emitted while arshif
    renders (`_rendering`), so other users of citeproc-py in the process see its usual output.
    """
    text_cls: Any = csl_model.Text
    substitute_cls: Any = csl_model.Substitute
    quoted_cls: Any = csl_model.Quoted
    if getattr(substitute_cls, "_arshif_patched", False):
        return
    original_variable: Callable[..., Any] = text_cls._variable
    original_render: Callable[..., Any] = substitute_cls.render
    original_quote: Callable[..., Any] = quoted_cls.quote

    def quote(self: Any, string: Any) -> Any:
        # The style's quotes become markers, resolved by nesting depth in `_resolve_quotes`.
        if _rendering.is_set() and self.get("quotes", "false").lower() == "true":
            return OPEN + string + CLOSE + BOUNDARY
        return original_quote(self, string)

    def _variable(self: Any, item: Any, context: Any) -> Any:
        text = original_variable(self, item, context)
        if text and _recording:
            _recording[-1].add((self.tag, self.get("variable")))
        return text

    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        _recording.append(set())
        try:
            text = original_render(self, item, context=context, **kwargs)
        finally:
            rendered = _recording.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in sorted(rendered):
                repressed.setdefault(tag, []).append(variable)
        return text

    text_cls._variable = _variable
    substitute_cls.render = render
    quoted_cls.quote = quote
    substitute_cls._arshif_patched = True


@cache
def _style(name: str) -> Any:
    """The parsed style with the vendored locale in place of citeproc-py's bundled ones."""
    _patch_citeproc()
    with as_file(files("arshif.cite") / "styles" / f"{name}.csl") as path:
        style = CitationStylesStyle(str(path), locale=LOCALE, validate=False)
    with as_file(files("arshif.cite") / "styles" / f"locales-{LOCALE}.xml") as path:
        locale = CitationStylesXML(str(path), validate=False).root
    root = style.root
    in_style = [loc for loc in root.locales if loc.getroottree().getroot() is root]
    root.locales = [*in_style, locale]
    for loc in root.locales:
        loc.style = root
    return style


@contextmanager
def _engine_lock() -> Iterator[None]:
    # citeproc-py keeps per-entry state on the style's layout; render one entry at a time.
    with _lock:
        _rendering.set()
        try:
            yield
        finally:
            _rendering.clear()


#: Variables holding identifiers, whose case no style may change (Chicago capitalises
#: `archive_location`: ``Urn:arshif:…``).
CASE_PROTECTED = ("archive_location",)
NOCASE = '<span class="nocase">{}</span>'


def processor_item(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL item as a CSL processor gets it for a formatted reference: identifiers marked
    case-protected with CSL-JSON's ``<span class="nocase">`` markup (fix 4), which citeproc-js,
    citeproc-py and Pandoc all honour. The exported CSL-JSON stays plain (Zotero would keep the
    markup as text)."""
    data = dict(item)
    for name in CASE_PROTECTED:
        if isinstance(data.get(name), str):
            data[name] = NOCASE.format(data[name])
    return data


def _for_citeproc_py(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL item as citeproc-py gets it: `processor_item`, quotation markup marked,
    `custom`/`note` left out.

    citeproc-py warns on `custom` and `note` (unsupported), and no style used here prints them.
    """
    data = {k: v for k, v in processor_item(item).items() if k not in ("custom", "note")}
    for name in _QUOTE_MARKUP_VARIABLES:
        if isinstance(data.get(name), str):
            data[name] = _quote_markup(data[name])
    return data


#: Private-use markers: a quotation opens, closes, and a field or style quote ends here.
OPEN, CLOSE, BOUNDARY = "\ue001", "\ue002", "\ue000"
_MARKERS = re.compile("[\ue000-\ue002]")
_DOUBLE_PAIR = re.compile(r'"([^"\n]*)"|“([^“”\n]*)”')
_SINGLE_PAIR = re.compile(r"(?<![\w])'([^'\n]*?)'(?![\w])")
_PUNCT_AFTER_CLOSE = re.compile(f"((?:{CLOSE}|[”’]|{BOUNDARY})*{BOUNDARY})([.,])")
#: Variables whose quotation marks are markup (citeproc-js parses them in every string field).
_QUOTE_MARKUP_VARIABLES = ("title", "container-title")


def _quote_markup(text: str) -> str:
    """Quotation marks in a field value as citeproc-js reads them: pairs become markers.

    Straight double quotes and curly double quotes that pair up, and straight single quotes at
    word boundaries, are quotation markup (rendered by nesting depth); any other straight single
    quote becomes ’. A value ending with a closing quotation mark gets a boundary marker, so a
    period or comma the style puts after it moves inside (punctuation-in-quote).
    """
    text = _DOUBLE_PAIR.sub(lambda m: OPEN + (m[1] if m[1] is not None else m[2]) + CLOSE, text)
    text = _SINGLE_PAIR.sub(lambda m: OPEN + m[1] + CLOSE, text)
    text = text.replace("'", "’")
    if text.endswith((CLOSE, "”", "’")):
        text += BOUNDARY
    return text


def _resolve_quotes(
    text: str, punctuation_in_quote: bool, quotes: tuple[str, str, str, str]
) -> str:
    """Markers to the locale's quotation marks: “…” at even depth, ‘…’ at odd depth."""
    if punctuation_in_quote:
        text = _PUNCT_AFTER_CLOSE.sub(r"\2\1", text)  # fix 2
    out: list[str] = []
    depth = 0
    for char in text:
        if char == OPEN:
            out.append(quotes[0] if depth % 2 == 0 else quotes[2])
            depth += 1
        elif char == CLOSE:
            depth = max(depth - 1, 0)
            out.append(quotes[1] if depth % 2 == 0 else quotes[3])
        elif char != BOUNDARY:
            out.append(char)
    return "".join(out)


def _opening_terms(engine: Any) -> tuple[str, ...]:
    """The locale's "no date" terms, which citeproc-js capitalises at the start of an entry."""
    terms = []
    for form in (None, "short"):
        try:
            text = engine.root.get_term("no date", form).text
        except (IndexError, AttributeError):
            continue
        if text:
            terms.append(text)
    return tuple(terms)


def _quote_terms(engine: Any) -> tuple[str, str, str, str]:
    terms = []
    for name, default in (
        ("open-quote", "“"),
        ("close-quote", "”"),
        ("open-inner-quote", "‘"),
        ("close-inner-quote", "’"),
    ):
        try:
            terms.append(engine.root.get_term(name).text or default)
        except (IndexError, AttributeError):
            terms.append(default)
    return terms[0], terms[1], terms[2], terms[3]


def _fix_text(text: str, engine: Any) -> str:
    piq = engine.root.get_locale_option("punctuation-in-quote").lower() == "true"
    text = _resolve_quotes(text, piq, _quote_terms(engine))
    text = " ".join(text.split())
    if text.startswith(_opening_terms(engine)) and text[:1].islower():
        text = text[0].upper() + text[1:]  # fix 3
    return text


def render_one(item: dict[str, Any], style: str) -> str:
    """One plain-text reference for a CSL item in `style` (one of `STYLES`)."""
    engine = _style(style)
    source = CiteProcJSON([_for_citeproc_py(item)])
    with _engine_lock():
        bibliography = CitationStylesBibliography(engine, source, formatter.plain)
        bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return _fix_text(" ".join(entries), engine)


def render(items: Sequence[dict[str, Any]], style: str) -> list[str]:
    """Plain-text references for CSL items in `style`, one per item, in the given order."""
    return [render_one(item, style) for item in items]
