"""Readers for the open NER corpora in ``shared/data/ner`` and conversion to spaCy ``Doc``s.

Every reader takes the *text* of a file (the caller reads it, see :mod:`ingest.ner_data`) and
returns :class:`TaggedSentence` objects (SmartData and the in-domain sample, annotated on running
text, are read by :mod:`ingest.ner_spans`) with the corpus's own tags in IOB2. :func:`map_tags` then
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

from collections.abc import Iterable, Mapping, Sequence
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
    "TaggedSentence",
    "entity_spans",
    "iob1_to_iob2",
    "map_tags",
    "parse_columns",
    "parse_germeval",
    "parse_uner",
    "parse_wikigold",
    "repair_iob2",
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
