"""Readers for the open NER corpora in ``shared/data/ner`` and conversion to spaCy ``Doc``s.

Every reader takes the *text* of a file (the caller reads it, see :mod:`ingest.ner_training`) and
returns :class:`TaggedSentence` objects with the corpus's own tags in IOB2. :func:`map_tags` then
maps a corpus's labels onto the three labels the project trains (``ORG``, ``PER``, ``LOC``) using
the label maps below, and :func:`to_doc` / :func:`to_docbin` build spaCy training data.

Label decisions (organisation-like labels become ``ORG``; ``PER`` and ``LOC`` stay so the model
learns what is *not* an organisation; everything else becomes ``O``):

* GermEval 2014: ``ORG``, ``PER``, ``LOC``; ``*part`` (a token *containing* a name, "CDU-Politiker")
  and ``*deriv`` ("europäische") and ``OTH`` become ``O``: they are not actors.
* SmartData: ``organization`` and ``organization-company`` -> ``ORG``; ``person`` -> ``PER``;
  ``location*`` -> ``LOC`` unless the mention starts lower-case (adjectives such as
  "südamerikanischen", which GermEval calls ``LOCderiv``).
* German LER: the paper's coarse ``ORG`` (``ORG``, ``UN`` company, ``INN`` institution, ``GRT`` court)
  -> ``ORG`` but not ``MRK`` (trade marks in trade-mark cases are products, not actors);
  ``PER``, ``RR`` (judge), ``AN`` (lawyer) -> ``PER``; ``LD``, ``ST``, ``STR``, ``LDS`` -> ``LOC``.
* WNUT-2017: ``corporation`` and ``group`` -> ``ORG``; ``person`` -> ``PER``; ``location`` -> ``LOC``.
* BTC, wikigold, UNER: ``ORG``, ``PER``, ``LOC``; ``MISC`` -> ``O``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is only needed by the functions that build Docs
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

__all__ = [
    "GERMEVAL_LABELS",
    "MISSING",
    "LER_LABELS",
    "SMARTDATA_LABELS",
    "TARGET_LABELS",
    "UPPER_LABELS",
    "WNUT_LABELS",
    "SpanDocument",
    "TaggedSentence",
    "entity_spans",
    "find_names",
    "gold_actor_names",
    "name_sentences",
    "iob1_to_iob2",
    "map_tags",
    "parse_columns",
    "parse_registry_names",
    "parse_germeval",
    "parse_smartdata",
    "parse_uner",
    "parse_wikigold",
    "repair_iob2",
    "smartdata_sentences",
    "split_sentence_tokens",
    "to_doc",
    "to_docbin",
]

TARGET_LABELS: tuple[str, ...] = ("ORG", "PER", "LOC")
"""The labels the project's NER models predict."""

MISSING = "-"
"""Tag of a token whose annotation is unknown (partially annotated in-domain text)."""

GERMEVAL_LABELS: Mapping[str, str] = {"ORG": "ORG", "PER": "PER", "LOC": "LOC"}
SMARTDATA_LABELS: Mapping[str, str] = {
    "organization": "ORG",
    "organization-company": "ORG",
    "person": "PER",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
    "location-route": "LOC",
}
LER_LABELS: Mapping[str, str] = {
    "ORG": "ORG",
    "UN": "ORG",
    "INN": "ORG",
    "GRT": "ORG",
    "PER": "PER",
    "RR": "PER",
    "AN": "PER",
    "LD": "LOC",
    "ST": "LOC",
    "STR": "LOC",
    "LDS": "LOC",
}
WNUT_LABELS: Mapping[str, str] = {
    "corporation": "ORG",
    "group": "ORG",
    "person": "PER",
    "location": "LOC",
}
UPPER_LABELS: Mapping[str, str] = {"ORG": "ORG", "PER": "PER", "LOC": "LOC"}
"""BTC, wikigold and UNER use the CoNLL labels; ``MISC`` is dropped."""


@dataclass(frozen=True)
class TaggedSentence:
    """One tokenised sentence with one IOB tag per token.

    Examples
    --------
    >>> TaggedSentence(("Siemens", "baut"), ("B-ORG", "O")).entities()
    [(0, 1, 'ORG')]
    """

    words: tuple[str, ...]
    tags: tuple[str, ...]

    def entities(self) -> list[tuple[int, int, str]]:
        """Return the entities as ``(start_token, end_token, label)``."""
        return entity_spans(self.tags)


@dataclass(frozen=True)
class SpanDocument:
    """A text with character-offset annotations ``(start, end, type)`` (SmartData)."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def _split_tag(tag: str) -> tuple[str, str]:
    if tag in ("O", "", "-"):
        return "O", ""
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIES":
        return tag[0], tag[2:]
    return "B", tag  # a bare label: treat as a one-token entity start


def entity_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Decode IOB2 tags into ``(start, end, label)`` token spans (end exclusive).

    An ``I-`` tag that does not continue an entity of the same label starts a new one.

    Examples
    --------
    >>> entity_spans(["B-ORG", "I-ORG", "O", "I-PER", "B-LOC", "B-LOC"])
    [(0, 2, 'ORG'), (3, 4, 'PER'), (4, 5, 'LOC'), (5, 6, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        prefix, lab = _split_tag(tag)
        continues = prefix == "I" and lab == label and start >= 0
        if continues:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if prefix != "O":
            start, label = i, lab
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans


def repair_iob2(tags: Sequence[str]) -> tuple[str, ...]:
    """Return valid IOB2: an ``I-X`` that does not follow ``B-X``/``I-X`` becomes ``B-X``.

    Examples
    --------
    The missing-annotation tag ``-`` (unknown, no loss in training) is kept.

    >>> repair_iob2(["O", "I-ORG", "I-ORG", "I-PER"])
    ('O', 'B-ORG', 'I-ORG', 'B-PER')
    >>> repair_iob2(["-", "B-ORG", "O"])
    ('-', 'B-ORG', 'O')
    """
    out = [MISSING if t == MISSING else "O" for t in tags]
    for start, end, label in entity_spans(tags):
        out[start] = f"B-{label}"
        for i in range(start + 1, end):
            out[i] = f"I-{label}"
    return tuple(out)


def iob1_to_iob2(tags: Sequence[str]) -> tuple[str, ...]:
    """Convert IOB1 (``I-`` starts an entity, ``B-`` only between two adjacent ones) to IOB2.

    Examples
    --------
    >>> iob1_to_iob2(["I-ORG", "I-ORG", "O", "I-PER", "B-PER"])
    ('B-ORG', 'I-ORG', 'O', 'B-PER', 'B-PER')
    """
    return repair_iob2(tags)


def map_tags(tags: Sequence[str], label_map: Mapping[str, str]) -> tuple[str, ...]:
    """Map the labels of IOB2 ``tags`` with ``label_map``; labels not in the map become ``O``.

    Adjacent entities that map to the same label stay separate entities.

    Examples
    --------
    >>> map_tags(["B-UN", "I-UN", "B-GS", "I-GS", "B-RR"], LER_LABELS)
    ('B-ORG', 'I-ORG', 'O', 'O', 'B-PER')
    >>> map_tags(["B-ORGpart", "B-ORG", "B-OTH"], GERMEVAL_LABELS)
    ('O', 'B-ORG', 'O')
    """
    out = [MISSING if t == MISSING else "O" for t in tags]
    for start, end, label in entity_spans(tags):
        target = label_map.get(label)
        if target is None:
            continue
        out[start] = f"B-{target}"
        for i in range(start + 1, end):
            out[i] = f"I-{target}"
    return tuple(out)


def parse_columns(
    text: str,
    *,
    token_col: int = 0,
    tag_col: int = -1,
    comment_prefix: str | None = None,
    separator: str | None = None,
) -> list[TaggedSentence]:
    """Parse CoNLL-style column text: one token per line, blank lines between sentences.

    ``separator`` ``None`` splits on any whitespace (tab or space; CRLF is tolerated).
    ``-DOCSTART-`` lines and, with ``comment_prefix``, comment lines are skipped. Tags are
    returned as written (use :func:`repair_iob2` / :func:`iob1_to_iob2` afterwards).

    Examples
    --------
    >>> parse_columns("Airbus\\tB-ORG\\nbaut\\tO\\n\\nJa\\tO\\n")
    [TaggedSentence(words=('Airbus', 'baut'), tags=('B-ORG', 'O')), TaggedSentence(words=('Ja',), tags=('O',))]
    >>> parse_columns("-DOCSTART- O\\r\\n\\r\\nDas O\\r\\nBAG B-GRT\\r\\n")
    [TaggedSentence(words=('Das', 'BAG'), tags=('O', 'B-GRT'))]
    """
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            sentences.append(TaggedSentence(tuple(words), tuple(tags)))
        words.clear()
        tags.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if comment_prefix is not None and line.startswith(comment_prefix):
            continue
        cols = line.split(separator) if separator is not None else line.split()
        if not cols or cols[token_col] == "-DOCSTART-":
            continue
        if len(cols) < 2 or not cols[token_col].strip():
            continue  # a tag without a token (an empty or whitespace token): skip it
        words.append(cols[token_col])
        tags.append(cols[tag_col])
    flush()
    return sentences


def parse_germeval(text: str) -> list[TaggedSentence]:
    """Parse GermEval 2014 TSV (``index, token, outer tag, inner tag``; ``#`` source lines).

    Only the outer level is kept (the inner level marks names inside names).

    Examples
    --------
    >>> t = "#\\thttp://x\\t[2009]\\n1\\tDie\\tO\\tO\\n2\\tUni\\tB-ORG\\tO\\n3\\tHamburg\\tI-ORG\\tB-LOC\\n"
    >>> parse_germeval(t)
    [TaggedSentence(words=('Die', 'Uni', 'Hamburg'), tags=('O', 'B-ORG', 'I-ORG'))]
    """
    return parse_columns(text, token_col=1, tag_col=2, comment_prefix="#", separator="\t")


def parse_uner(text: str) -> list[TaggedSentence]:
    """Parse Universal NER ``.iob2`` (``# comments``; ``index, token, tag, -, -``).

    Examples
    --------
    >>> t = "# text = I love Google\\n1\\tI\\tO\\t-\\t-\\n2\\tlove\\tO\\t-\\t-\\n3\\tGoogle\\tB-ORG\\t-\\tx\\n"
    >>> parse_uner(t)[0].entities()
    [(2, 3, 'ORG')]
    """
    return parse_columns(text, token_col=1, tag_col=2, comment_prefix="#", separator="\t")


def parse_wikigold(text: str) -> list[TaggedSentence]:
    """Parse wikigold (``token tag``, IOB1, ``-DOCSTART-`` lines) and convert the tags to IOB2.

    Examples
    --------
    >>> s = parse_wikigold("-DOCSTART- O\\n\\nThe I-ORG\\nMad I-ORG\\nrocks O\\n")[0]
    >>> s.tags
    ('B-ORG', 'I-ORG', 'O')
    """
    return [
        TaggedSentence(s.words, iob1_to_iob2(s.tags))
        for s in parse_columns(text, token_col=0, tag_col=-1, separator=" ")
    ]


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


def to_doc(vocab: Vocab, sentence: TaggedSentence) -> Doc:
    """Build a spaCy ``Doc`` with the sentence's entities (``O`` tokens are annotated as outside).

    Examples
    --------
    >>> import spacy
    >>> doc = to_doc(spacy.blank("en").vocab, TaggedSentence(("Ask", "Deutsche", "Bank"), ("O", "B-ORG", "I-ORG")))
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Deutsche Bank', 'ORG')]
    """
    from spacy.tokens import Doc

    ents = [None if t == MISSING else t for t in repair_iob2(sentence.tags)]
    return Doc(vocab, words=list(sentence.words), ents=ents)


def to_docbin(vocab: Vocab, sentences: Iterable[TaggedSentence]) -> DocBin:
    """Collect sentences into a ``DocBin`` (entity annotations only).

    Examples
    --------
    >>> import spacy
    >>> vocab = spacy.blank("de").vocab
    >>> db = to_docbin(vocab, [TaggedSentence(("SAP",), ("B-ORG",)), TaggedSentence(("ja",), ("O",))])
    >>> [[e.label_ for e in d.ents] for d in db.get_docs(vocab)]
    [['ORG'], []]
    """
    from spacy.tokens import DocBin

    db = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for sentence in sentences:
        db.add(to_doc(vocab, sentence))
    return db



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
