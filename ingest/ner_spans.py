"""NER corpora annotated on running text: character spans become tagged sentences.

SmartData (:func:`parse_smartdata`) gives mentions as character offsets into each document; the
project's in-domain sample gets its organisations from the gold actor names (or the registry's
names, :func:`name_sentences`). Both are tokenised, tagged in IOB2 and split into sentences here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.ner_corpora import MISSING, SMARTDATA_LABELS, TaggedSentence, repair_iob2

if TYPE_CHECKING:  # spaCy is only needed by the functions that tokenise
    from spacy.tokens import Doc

__all__ = [
    "SpanDocument",
    "find_names",
    "gold_actor_names",
    "name_sentences",
    "parse_registry_names",
    "parse_smartdata",
    "smartdata_sentences",
    "split_sentence_tokens",
]


@dataclass(frozen=True)
class SpanDocument:
    """A text with character-offset annotations ``(start, end, type)`` (SmartData)."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def parse_smartdata(text: str) -> list[SpanDocument]:
    """Parse the SmartData stream of concatenated JSON documents.

    Each document has ``text.string`` and ``conceptMentions.array`` of mentions with
    ``span.start``/``span.end`` character offsets and a ``type``.

    Examples
    --------
    >>> doc = {"id": "d1", "text": {"string": "SAP baut."}, "conceptMentions": {"array": [
    ...     {"span": {"start": 0, "end": 3}, "type": "organization-company"}]}}
    >>> parse_smartdata(json.dumps(doc, indent=2) + "\\n" + json.dumps(doc))
    [SpanDocument(id='d1', text='SAP baut.', spans=((0, 3, 'organization-company'),)), SpanDocument(id='d1', text='SAP baut.', spans=((0, 3, 'organization-company'),))]
    """
    decoder = json.JSONDecoder()
    docs: list[SpanDocument] = []
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        obj, pos = decoder.raw_decode(text, pos)
        mentions = (obj.get("conceptMentions") or {}).get("array") or []
        spans = tuple(
            sorted((int(m["span"]["start"]), int(m["span"]["end"]), str(m["type"])) for m in mentions)
        )
        docs.append(SpanDocument(str(obj.get("id", "")), obj["text"]["string"], spans))
    return docs


_SENT_END = {".", "!", "?", "…"}


def split_sentence_tokens(
    words: Sequence[str], tags: Sequence[str], *, max_tokens: int = 120
) -> list[TaggedSentence]:
    """Split a tokenised text into sentences; whitespace tokens mark line breaks and are dropped.

    A sentence ends at a whitespace token containing a newline, or after ``.``/``!``/``?``
    followed by a token that starts upper-case, never inside an entity. Very long
    sentences are cut at ``max_tokens`` (outside entities where possible).

    Examples
    --------
    >>> w = ["BMW", "wächst", ".", "Die", "Stadt", "\\n", "Ulm"]
    >>> t = ["B-ORG", "O", "O", "O", "O", "O", "B-LOC"]
    >>> [s.words for s in split_sentence_tokens(w, t)]
    [('BMW', 'wächst', '.'), ('Die', 'Stadt'), ('Ulm',)]
    """
    sentences: list[TaggedSentence] = []
    cur_w: list[str] = []
    cur_t: list[str] = []

    def flush() -> None:
        if cur_w:
            sentences.append(TaggedSentence(tuple(cur_w), repair_iob2(cur_t)))
        cur_w.clear()
        cur_t.clear()

    for i, (word, tag) in enumerate(zip(words, tags)):
        next_tag = tags[i + 1] if i + 1 < len(tags) else "O"
        inside = next_tag.startswith("I-")
        if not word.strip():
            if "\n" in word and not inside:
                flush()
            continue
        cur_w.append(word)
        cur_t.append(tag)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if inside:
            continue
        if word in _SENT_END and (nxt[:1].isupper() or not nxt.strip()):
            flush()
        elif len(cur_w) >= max_tokens:
            flush()
    flush()
    return sentences


def smartdata_sentences(
    doc: SpanDocument,
    tokenize: Callable[[str], Doc],
    label_map: Mapping[str, str] = SMARTDATA_LABELS,
) -> list[TaggedSentence]:
    """Tokenise a :class:`SpanDocument`, map its spans to IOB2 tags and split it into sentences.

    A span must cover whole tokens (surrounding whitespace is trimmed): a mention inside a compound
    ("Facebook" in "Facebook-Gründer") is dropped and the token stays ``O``, as GermEval's ``ORGpart``.
    Overlapping spans keep the first (longest for equal starts). ``LOC`` mentions starting lower-case
    (adjectives) are dropped.

    Examples
    --------
    >>> import spacy
    >>> d = SpanDocument("x", "Die Bahn AG fährt.\\nIn Köln.", ((4, 11, "organization-company"),
    ...     (22, 26, "location-city"), (0, 3, "date")))
    >>> [(s.words, s.tags) for s in smartdata_sentences(d, spacy.blank("de").tokenizer)]
    [(('Die', 'Bahn', 'AG', 'fährt', '.'), ('O', 'B-ORG', 'I-ORG', 'O', 'O')), (('In', 'Köln', '.'), ('O', 'B-LOC', 'O'))]
    """
    sdoc = tokenize(doc.text)
    tags = ["O"] * len(sdoc)
    spans = sorted(doc.spans, key=lambda s: (s[0], -(s[1] - s[0])))
    for start, end, kind in spans:
        label = label_map.get(kind)
        if label is None:
            continue
        raw = doc.text[start:end]
        surface = raw.strip()
        if not surface or (label == "LOC" and surface[0].islower()):
            continue
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        span = sdoc.char_span(start, end, alignment_mode="strict")
        if span is None or len(span) == 0:
            continue
        if any(tags[i] != "O" for i in range(span.start, span.end)):
            continue
        tags[span.start] = f"B-{label}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{label}"
    return split_sentence_tokens([t.text for t in sdoc], tags)



def gold_actor_names(text: str) -> tuple[str, ...]:
    """The actor names and aliases of a sample corpus gold file (``*.gold.json``).

    Examples
    --------
    >>> gold_actor_names('{"actors": [{"name": "FlyNex GmbH", "aliases": ["FlyNex"]}, {"name": "DLR"}]}')
    ('FlyNex GmbH', 'FlyNex', 'DLR')
    """
    data = json.loads(text)
    names: list[str] = []
    for actor in data.get("actors", []):
        names.append(str(actor["name"]))
        names.extend(str(a) for a in actor.get("aliases", []) or [])
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def parse_registry_names(text: str) -> tuple[str, ...]:
    """Names and ``|``-separated aliases of a registry CSV (``actors.csv`` or ``clusters.csv``).

    Examples
    --------
    >>> parse_registry_names("id,name,aliases,type\\nairbus,Airbus Operations GmbH,Airbus | AOG,Company\\n")
    ('Airbus Operations GmbH', 'Airbus', 'AOG')
    """
    import csv

    names: list[str] = []
    for row in csv.DictReader(text.splitlines()):
        names.append((row.get("name") or "").strip())
        names.extend(a.strip() for a in (row.get("aliases") or "").split("|"))
    return tuple(dict.fromkeys(n for n in names if n))


def find_names(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of every whole-word occurrence of ``names``; longer names win overlaps.

    Examples
    --------
    >>> t = "Die FlyNex GmbH und FlyNex-Kunden; FlyNex."
    >>> [t[s:e] for s, e in find_names(t, ["FlyNex", "FlyNex GmbH"])]
    ['FlyNex GmbH', 'FlyNex']
    """
    taken = [False] * len(text)
    spans: list[tuple[int, int]] = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            spans.append((m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(spans)


def name_sentences(
    text: str, names: Iterable[str], tokenize: Callable[[str], Doc], label: str = "ORG"
) -> list[TaggedSentence]:
    """Label every occurrence of ``names`` in ``text`` as ``label``, for partially annotated text.

    Only organisations are known, so tokens outside the names that start upper-case (they may be
    persons or places) are left unannotated (:data:`MISSING`); other tokens are ``O``.

    Examples
    --------
    >>> import spacy
    >>> s = name_sentences("Otto besuchte die FlyNex GmbH in Hamburg.", ["FlyNex GmbH"], spacy.blank("de").tokenizer)
    >>> s[0].tags
    ('-', 'O', 'O', 'B-ORG', 'I-ORG', 'O', '-', 'O')
    """
    doc = tokenize(text)
    tags = [MISSING if t.text[:1].isupper() else "O" for t in doc]
    for start, end in find_names(text, names):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        tags[span.start] = f"B-{label}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{label}"
    return split_sentence_tokens([t.text for t in doc], tags)
