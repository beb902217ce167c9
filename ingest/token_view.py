"""What the organisation rules know about each word of a Doc: :class:`TokenView` and :class:`WordClasses`.

A word is *name-like* when it may be part of an organisation's name (capitalised or written like
``nextMedia``, not a function word, month, person title or describing noun); it may be an
institution *head* (``Fraunhofer-Institut``) or a *describing noun* (``Logistikdienstleister``).
These classes depend on the word only and are cached per distinct word; the per-token view is
computed in one pass over the Doc, creating Token objects being the costly part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from ingest.ruleset import HeadRule, LanguageRules


@dataclass(frozen=True)
class TokenView:
    """Per-token features of a Doc that the rules need, computed once per document.

    ``owner`` is the index of the registry match a token belongs to, -1 for none; ``heads`` and
    ``descriptors`` hold the head rule and the describing noun a word is (or ends in), if any.
    """

    texts: tuple[str, ...]
    lowers: tuple[str, ...]
    spaces: tuple[bool, ...]  # whitespace after the token
    sent_starts: tuple[int, ...]  # index of the first token of each token's sentence
    name_like: tuple[bool, ...]
    owner: tuple[int, ...]
    heads: tuple[HeadRule | None, ...]
    descriptors: tuple[str | None, ...]

    def __len__(self) -> int:
        return len(self.texts)


class WordClasses:
    """What a word is for the rules (name-like, head, describing noun), cached per distinct word."""

    def __init__(self, rules: LanguageRules) -> None:
        self.rules = rules
        self.descriptor_words = tuple(word for word, _ in rules.descriptors)
        self.cache: dict[str, tuple[bool, HeadRule | None, str | None]] = {}

    def __call__(self, text: str) -> tuple[bool, HeadRule | None, str | None]:
        found = self.cache.get(text)
        if found is None:
            descriptor = descriptor_type(text, self.descriptor_words)
            found = (is_name_like(text, self.rules, self.descriptor_words), head_rule(text, self.rules.heads), descriptor)
            self.cache[text] = found
        return found


def token_view(doc: Doc, rules: LanguageRules, registry: Sequence[tuple[int, int]] = (), words: WordClasses | None = None) -> TokenView:
    """Compute the :class:`TokenView` of ``doc``; ``registry`` are the token spans of registry matches."""
    words = words or WordClasses(rules)
    texts, spaces, sent_starts, current = [], [], [], 0
    for token in doc:  # one pass: creating Token objects is the costly part
        if token.is_sent_start:
            current = token.i
        texts.append(token.text)
        spaces.append(bool(token.whitespace_))
        sent_starts.append(current)
    owner = [-1] * len(texts)
    for number, (start, end) in enumerate(registry):
        owner[start:end] = [number] * (end - start)
    classes = [words(text) for text in texts]
    return TokenView(
        texts=tuple(texts),
        lowers=tuple(t.lower() for t in texts),
        spaces=tuple(spaces),
        sent_starts=tuple(sent_starts),
        name_like=tuple(c[0] for c in classes),
        owner=tuple(owner),
        heads=tuple(c[1] for c in classes),
        descriptors=tuple(c[2] for c in classes),
    )


def is_name_like(text: str, rules: LanguageRules, descriptors: tuple[str, ...] = ()) -> bool:
    """Whether a word can be part of an organisation's name: capitalised (or ``nextMedia``-like),
    not a function word, month, person title or describing noun.

    Examples
    --------
    >>> de = LanguageRules("de", function_words=frozenset({"Die"}))
    >>> [is_name_like(w, de, ("unternehmen",)) for w in ("Becker", "nextMedia", "Die", "marine", "3D", "Softwareunternehmen", "(")]
    [True, True, False, False, True, False, False]
    """
    if not text or not (text[0].isupper() or text[0].isdigit() or (text[0].islower() and any(c.isupper() for c in text[1:]))):
        return False
    if text in rules.function_words or text in rules.months or text in rules.person_titles:
        return False
    if not any(c.isalnum() for c in text):
        return False
    return descriptor_type(text, descriptors) is None


def descriptor_type(text: str, descriptors: tuple[str, ...] | tuple[tuple[str, str], ...]) -> str | None:
    """The descriptor ``text`` is or ends in (as a German compound), or None.

    Examples
    --------
    >>> descriptor_type("Logistikdienstleister", ("dienstleister",)), descriptor_type("Airbus", ("dienstleister",))
    ('dienstleister', None)
    """
    lower = text.lower()
    for entry in descriptors:
        word = entry if isinstance(entry, str) else entry[0]
        if lower == word or (lower.endswith(word) and len(lower) > len(word) + 2 and text[0].isupper()):
            return word
    return None


def head_rule(text: str, heads: tuple[HeadRule, ...]) -> HeadRule | None:
    """The longest head rule that a capitalised singular word matches, or None.

    Examples
    --------
    >>> heads = (HeadRule("Institut", "ResearchInstitute", True, True), HeadRule("Zentrum", "ResearchInstitute", False, True))
    >>> head_rule("Fraunhofer-Instituts", heads).word, head_rule("Institute", heads), head_rule("institut", heads)
    ('Institut', None, None)
    """
    if not text[:1].isupper():
        return None
    lower, best = text.lower(), None
    for rule in heads:
        word = rule.word.lower()
        for form in (word, word + "s", word + "es"):
            if lower == form or (rule.compound and lower.endswith(form) and len(lower) > len(form)):
                if best is None or len(rule.word) > len(best.word):
                    best = rule
                break
    return best
