"""Mention replacement: more NER training sentences from the training mix itself.

A copy of a sentence with its names swapped for other names of the same label (drawn from the
training part of the mix, never from a held-out part) keeps the context of each name and changes
the name. The model then has to learn the context ("spielte bei ...", "die Band ...") instead of
remembering the names it has seen (Dai and Adel, 2020, "An analysis of simple data augmentation for
named entity recognition").
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from ingest.ner_corpora import TaggedSentence

__all__ = ["name_pool", "replace_mentions", "with_replaced_mentions"]

NamePool = Mapping[str, Sequence[tuple[str, ...]]]
"""Label -> the distinct names of that label, each a tuple of words, sorted."""


def name_pool(sentences: Iterable[TaggedSentence]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The distinct names of every label in ``sentences``, sorted (so the pool does not depend on order).

    Examples
    --------
    >>> s = [TaggedSentence(("Airbus", "und", "DESY"), ("B-ORG", "O", "B-ORG")),
    ...      TaggedSentence(("Hamburg", "Port", "Authority"), ("B-ORG", "I-ORG", "I-ORG"))]
    >>> name_pool(s)
    {'ORG': (('Airbus',), ('DESY',), ('Hamburg', 'Port', 'Authority'))}
    """
    names: dict[str, set[tuple[str, ...]]] = {}
    for sentence in sentences:
        for start, end, label in sentence.entities():
            names.setdefault(label, set()).add(sentence.words[start:end])
    return {label: tuple(sorted(found)) for label, found in sorted(names.items())}


def replace_mentions(sentence: TaggedSentence, pool: NamePool, rng: random.Random) -> TaggedSentence:
    """``sentence`` with every name replaced by a random name of the same label from ``pool``.

    Names of a label missing from ``pool`` stay as they are.

    Examples
    --------
    >>> s = TaggedSentence(("Die", "Firma", "Airbus", "baut"), ("O", "O", "B-ORG", "O"))
    >>> replace_mentions(s, {"ORG": [("Blohm", "+", "Voss")]}, random.Random(0))
    TaggedSentence(words=('Die', 'Firma', 'Blohm', '+', 'Voss', 'baut'), tags=('O', 'O', 'B-ORG', 'I-ORG', 'I-ORG', 'O'))
    """
    words: list[str] = []
    tags: list[str] = []
    position = 0
    for start, end, label in sentence.entities():
        words.extend(sentence.words[position:start])
        tags.extend("O" for _ in range(position, start))
        candidates = pool.get(label)
        name = candidates[rng.randrange(len(candidates))] if candidates else sentence.words[start:end]
        words.extend(name)
        tags.extend([f"B-{label}"] + [f"I-{label}"] * (len(name) - 1))
        position = end
    words.extend(sentence.words[position:])
    tags.extend("O" for _ in range(position, len(sentence.words)))
    return TaggedSentence(tuple(words), tuple(tags))


def with_replaced_mentions(sentences: Sequence[TaggedSentence], copies: int, *, seed: int) -> list[TaggedSentence]:
    """``copies`` mention-replaced copies of every sentence of ``sentences`` that names something.

    Examples
    --------
    >>> s = [TaggedSentence(("Airbus", "baut"), ("B-ORG", "O")), TaggedSentence(("DESY", "forscht"), ("B-ORG", "O")),
    ...      TaggedSentence(("Guten", "Tag"), ("O", "O"))]
    >>> [" ".join(c.words) for c in with_replaced_mentions(s, 2, seed=1)]
    ['Airbus baut', 'Airbus baut', 'DESY forscht', 'Airbus forscht']
    """
    rng = random.Random(seed)
    pool = name_pool(sentences)
    named = [s for s in sentences if s.entities()]
    return [replace_mentions(s, pool, rng) for s in named for _ in range(copies)]
