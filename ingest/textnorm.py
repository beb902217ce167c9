"""Normalising words, names and texts for matching: pure string functions driven by the rules.

* :func:`fold_word` folds case endings and plurals (``Deutschen`` -> ``deutsch``); it is the ``NORM``
  of every word in our pipelines, so that phrase matching on ``NORM`` ignores inflection.
* :func:`name_key` is the key under which names are compared (registry, candidates, curation).
* :func:`display_name` is how a found name is shown (article and possessive removed).
* :func:`prepare_text` rewrites a document's text *without changing its length*, so that spaCy's
  character offsets stay offsets into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ingest.ruleset import LanguageRules, LegalForm

_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
_QUOTES = re.compile(r"[\"„“”‚‘’«»‹›]")
_NON_WORD = re.compile(r"[^\w&+]+")
_SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_SAME_LENGTH_SPACE = str.maketrans({"\t": " ", "\r": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\f": " ", "\v": " "})
_BLOCK_START = re.compile(r"^\s*(?:[#>*•·▪◦-]|\d{1,2}[.)]\s|[A-Za-zÄÖÜ]\)\s|\||[^\s:][^:.!?]{0,40}:\s)")


def fold_word(word: str, rules: LanguageRules) -> str:
    """Lower-case ``word`` and strip case endings and plural suffixes by the language's fold rules.

    The rules are applied repeatedly, longest listed first, while the stem keeps ``min_stem``
    characters, so every inflected form of a word folds to the same stem.

    Examples
    --------
    >>> de = LanguageRules("de", fold=(("en", ""), ("er", ""), ("es", ""), ("e", ""), ("s", "")), min_stem=4)
    >>> [fold_word(w, de) for w in ("Deutschen", "Deutsches", "Zentrums", "Zentrum", "für", "Luft-")]
    ['deutsch', 'deutsch', 'zentrum', 'zentrum', 'für', 'luft-']
    >>> en = LanguageRules("en", fold=(("ies", "y"), ("s", "")), min_stem=3, keep_endings=("s", "i"))
    >>> [fold_word(w, en) for w in ("Batteries", "cells", "class", "analysis")]
    ['battery', 'cell', 'class', 'analysis']
    """
    folded = word.lower()
    changed = True
    while changed:
        changed = False
        for suffix, replacement in rules.fold:
            if not folded.endswith(suffix) or len(folded) - len(suffix) < rules.min_stem:
                continue
            stem = folded[: len(folded) - len(suffix)]
            if not stem[-1].isalpha() or stem.endswith(rules.keep_endings):
                continue
            folded, changed = stem + replacement, True
            break
    return folded


def clean_name(name: str) -> str:
    """Unify dashes, drop quotation marks and collapse whitespace (line breaks included).

    Examples
    --------
    >>> clean_name(' „Deutsches  Zentrum\\nfür Luft– und Raumfahrt“ ')
    'Deutsches Zentrum für Luft- und Raumfahrt'
    """
    text = unicodedata.normalize("NFC", name).translate(_DASHES)
    return _SPACES.sub(" ", _QUOTES.sub("", text)).strip()


def drop_brackets(name: str) -> str:
    """``name`` without its bracketed parts (an acronym, a legal form's note).

    Examples
    --------
    >>> drop_brackets("Hochschule für Angewandte Wissenschaften (HAW) Hamburg")
    'Hochschule für Angewandte Wissenschaften Hamburg'
    """
    return _BRACKETS.sub("", name)


def display_name(name: str, rules: LanguageRules) -> str:
    """A found name as shown to people: cleaned, without a leading article or a possessive ending.

    Examples
    --------
    >>> de = LanguageRules("de", articles=frozenset({"der", "des"}), possessive=("'s", "'"))
    >>> display_name("des Deutschen Zentrums für Luft- und Raumfahrt", de)
    'Deutschen Zentrums für Luft- und Raumfahrt'
    >>> display_name("Airbus'", de)
    'Airbus'
    """
    words = clean_name(name).split(" ")
    while len(words) > 1 and words[0].lower() in rules.articles:
        words = words[1:]
    text = " ".join(words)
    for ending in sorted(rules.possessive, key=len, reverse=True):
        if text.endswith(ending) and len(text) > len(ending) + 1:
            return text[: -len(ending)]
    return text


def strip_legal_form(name: str, legal_forms: Iterable[LegalForm]) -> tuple[str, str]:
    """Split a trailing legal form off ``name``: ``(rest, form)``, ``form`` empty when there is none.

    Examples
    --------
    >>> forms = (LegalForm("GmbH & Co. KG", "Company"), LegalForm("KG", "Company"), LegalForm("e. V.", "Association"))
    >>> strip_legal_form("Becker Marine Systems GmbH & Co. KG", forms)
    ('Becker Marine Systems', 'GmbH & Co. KG')
    >>> strip_legal_form("Verband für Schiffbau und Meerestechnik e. V.", forms)
    ('Verband für Schiffbau und Meerestechnik', 'e. V.')
    >>> strip_legal_form("KG", forms)
    ('KG', '')
    """
    for form in sorted((f.form for f in legal_forms), key=len, reverse=True):
        if name.endswith((" " + form, "," + form)):
            rest = name[: -len(form)].rstrip(" ,")
            if rest:
                return rest, form
    return name, ""


def name_key(name: str, rules: LanguageRules, legal_forms: Iterable[LegalForm] = ()) -> str:
    """The matching key of a name: no article, possessive or legal form; words folded; punctuation gone.

    Two spellings of one organisation that differ only in inflection, hyphenation, quotes, line
    breaks or legal form get the same key.

    Examples
    --------
    >>> de = LanguageRules("de", articles=frozenset({"der", "des"}), fold=(("en", ""), ("es", ""), ("e", ""), ("s", "")),
    ...                    min_stem=4, possessive=("'",))
    >>> name_key("des Deutschen Zentrums für Luft- und Raumfahrt", de)
    'deutsch zentrum für luft und raumfahrt'
    >>> name_key("Deutsches Zentrum für Luft-\\nund Raumfahrt", de)
    'deutsch zentrum für luft und raumfahrt'
    >>> name_key("Jungheinrich AG", de, (LegalForm("AG", "Company"),))
    'jungheinrich'
    """
    text, _ = strip_legal_form(display_name(name, rules), legal_forms)
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(fold_word(word, rules) for word in words)


def prepare_text(text: str) -> str:
    """The text spaCy sees: same length as ``text``, line breaks inside paragraphs turned into spaces.

    Tabs, carriage returns and unusual spaces become plain spaces. A single line break becomes a
    space when both lines have text and neither looks like a heading, a list item or a "Label: value"
    line, so hard-wrapped
    paragraphs (and names broken over two lines) read as running text; blank lines, headings and
    list items keep their line breaks and so stay sentence boundaries.

    Examples
    --------
    >>> prepare_text("Das Deutsche Zentrum\\nfür Luft- und Raumfahrt.\\n\\n- Punkt\\n- Punkt")
    'Das Deutsche Zentrum für Luft- und Raumfahrt.\\n\\n- Punkt\\n- Punkt'
    >>> prepare_text("1. Überblick\\nDie Agentur") == "1. Überblick\\nDie Agentur"
    True
    """
    text = text.translate(_SAME_LENGTH_SPACE)
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    out = []
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        joined = line.strip() and following.strip() and not _BLOCK_START.match(line) and not _BLOCK_START.match(following)
        out.append(line + (" " if joined else "\n"))
    out.append(lines[-1])
    return "".join(out)
