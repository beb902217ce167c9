"""Mention replacement (ingest/ner_augment.py) on hand-built sentences."""

from __future__ import annotations

import random

from ingest.ner_augment import name_pool, replace_mentions, with_replaced_mentions
from ingest.ner_corpora import TaggedSentence

SENTENCES = [
    TaggedSentence(("Airbus", "baut", "in", "Hamburg"), ("B-ORG", "O", "O", "B-LOC")),
    TaggedSentence(("Die", "Hamburg", "Port", "Authority", "und", "Olaf", "Scholz"),
                   ("O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "I-PER")),
    TaggedSentence(("Guten", "Morgen", "."), ("O", "O", "O")),
]


def test_copies_keep_context_labels_and_order_of_names() -> None:
    pool = name_pool(SENTENCES)
    for copy in with_replaced_mentions(SENTENCES, 3, seed=7):
        entities = copy.entities()
        original = next(s for s in SENTENCES if s.words[-1] == copy.words[-1])
        assert [label for _, _, label in entities] == [label for _, _, label in original.entities()]
        for start, end, label in entities:
            assert copy.words[start:end] in pool[label]
        outside = [w for i, w in enumerate(copy.words) if copy.tags[i] == "O"]
        assert outside == [w for i, w in enumerate(original.words) if original.tags[i] == "O"]


def test_only_sentences_that_name_something_are_copied() -> None:
    copies = with_replaced_mentions(SENTENCES, 2, seed=0)
    assert len(copies) == 4
    assert all(c.entities() for c in copies)


def test_same_seed_same_copies_other_seed_other_copies() -> None:
    many = SENTENCES * 20
    assert with_replaced_mentions(many, 1, seed=3) == with_replaced_mentions(many, 1, seed=3)
    assert with_replaced_mentions(many, 1, seed=3) != with_replaced_mentions(many, 1, seed=4)


def test_a_label_without_names_in_the_pool_keeps_its_name() -> None:
    copy = replace_mentions(SENTENCES[0], {"ORG": [("DESY",)]}, random.Random(0))
    assert copy.words == ("DESY", "baut", "in", "Hamburg")
    assert copy.tags == ("B-ORG", "O", "O", "B-LOC")
