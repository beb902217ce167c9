"""The model card of a trained NER model: what it was trained on, how it scores, how to cite the data.

:class:`ModelCard` is written as ``model-card.md`` and ``model-card.json`` beside the model by
:func:`ingest.ner_training.train_ner`; :func:`comparison_table` and :func:`with_comparison` add the
table of compared runs to a card, and :func:`written_sections` keeps such sections when a model is trained again.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.ner_corpora import TARGET_LABELS
from ingest.ner_scoring import LabelScore

__all__ = ["COMPARISON_HEADING", "ModelCard", "comparison_table", "written_sections", "with_comparison"]

COMPARISON_HEADING = "## Data mixes compared"


@dataclass
class ModelCard:
    """What :func:`train_ner` trained and measured; rendered as ``model-card.md``."""

    lang: str
    path: str
    mix: tuple[str, ...]
    data: list[dict[str, Any]]
    scores: dict[str, dict[str, LabelScore]]
    words_per_second: float
    size_bytes: int
    steps: int
    best_step: int
    seconds: float
    settings: dict[str, Any]
    sources: list[dict[str, str]] = field(default_factory=list)

    @property
    def card_path(self) -> Path:
        """The ``model-card.md`` beside the model."""
        return Path(self.path) / "model-card.md"

    def org(self, eval_set: str = "heldout") -> LabelScore | None:
        """The ORG score on one evaluation set (``heldout`` = all held-out parts together)."""
        return self.scores.get(eval_set, {}).get("ORG")

    def to_json(self) -> str:
        """Serialise to JSON (for comparing runs)."""
        return json.dumps(asdict(self), indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        """Read a card written by :meth:`to_json`."""
        raw = json.loads(text)
        raw["scores"] = {k: {lab: LabelScore(**s) for lab, s in v.items()} for k, v in raw["scores"].items()}
        raw["mix"] = tuple(raw["mix"])
        return cls(**raw)

    def to_markdown(self) -> str:
        """Render the model card."""
        lang_name = {"de": "German", "en": "English"}.get(self.lang, self.lang)
        s = self.settings
        lines = [
            f"# ccg NER model ({lang_name}): ORG, PER, LOC",
            "",
            "Small CPU named-entity model trained by the Cross-Cluster Graph project from open data, "
            "used to find organisations that neither the registry nor the rules know. "
            f"Load with `spacy.load(\"{Path(self.path).name}\")` (spaCy {s.get('spacy_version', '3.8')}).",
            "",
            "## Scores",
            "",
            "Exact-span precision / recall / F1 on held-out parts that were never trained on "
            f"(deterministic split, seed {s.get('seed')}). `heldout` pools the held-out parts of all corpora "
            "of the language.",
            "",
            "| evaluation set | label | precision | recall | F1 | gold entities |",
            "|---|---|---:|---:|---:|---:|",
        ]
        ordered = sorted(self.scores.items(), key=lambda kv: kv[0] != "heldout")  # pooled set first
        for eval_set, by_label in ordered:
            for label in (*TARGET_LABELS, "ALL"):
                sc = by_label.get(label)
                if sc is None:
                    continue
                lines.append(
                    f"| {eval_set} | {label} | {sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} | {sc.support} |"
                )
        lines += [
            "",
            "## Size and speed",
            "",
            f"- size on disk: {self.size_bytes / 1e6:.1f} MB",
            f"- speed: {self.words_per_second:,.0f} words per CPU second (tokeniser + tok2vec + ner on the "
            "held-out sentences, one process, batch size 256)",
            "",
            "## Training",
            "",
            f"- pipeline: `spacy.blank(\"{self.lang}\")` + tok2vec (embedding "
            f"{s.get('embed', 'spacy.MultiHashEmbed.v2 of NORM/PREFIX/SUFFIX/SHAPE')}; "
            "no static vectors, no lookup tables) + ner; config "
            f"`{s.get('config', f'ingest/ner/config-{self.lang}.cfg')}`",
            *(
                [f"- pretraining: the tok2vec starts from {s['pretrain_epochs']} epoch(s) of `spacy pretrain` "
                 "(characters objective: the first and last 4 characters of each word from its context) on "
                 f"{s.get('pretrain_sentences', 0):,} sentences, {s.get('pretrain_words', 0):,} words of raw text: the "
                 f"training parts of {s.get('pretrain_corpora', '?').replace(',', ', ')} ({s.get('pretrain_seconds', '?')} s)"]
                if s.get("pretrain_epochs") else []
            ),
            f"- mix: {', '.join(self.mix)}",
            f"- steps: {self.steps} in {self.seconds:.0f} s wall-clock ({s.get('cpu_seconds', '?')} s CPU on a shared "
            f"machine); kept the checkpoint of step {self.best_step} "
            "(best ORG F1 on the dev part)",
            f"- settings: {', '.join(f'{k}={v}' for k, v in sorted(s.items()))}",
            "- reproduce: `ccg train-ner --lang "
            f"{self.lang} --data ../shared/data/ner --out DIR --max-steps {s.get('max_steps')} "
            f"--max-seconds {s.get('max_seconds'):g}"
            + (f" --max-sentences {s['max_sentences']}" if s.get("max_sentences") else "")
            + (f" --pretrain-epochs {s['pretrain_epochs']}" if s.get("pretrain_epochs") else "")
            + (f" --fold {s['fold']}" if s.get("fold") else "")
            + "".join(f" --corpus {shlex.quote(m)}" for m in self.mix)
            + "` (the wall-clock budget makes the step count depend on the machine"
            + ("; with the config and the overrides above" if any(k.startswith("override") for k in s) else "")
            + ")",
            "",
            "## Data",
            "",
            "Organisation-like labels map to ORG, person and location labels to PER and LOC; all other labels "
            "(MISC, OTH, laws, dates, products, ...) to O. See `ingest/ner_corpora.py` for each corpus's map.",
            "",
            "| corpus | role | train sentences | train tokens | dev sentences | held-out sentences | train entities |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for d in self.data:
            ents = ", ".join(f"{k} {v}" for k, v in sorted(d.get("train_entities", {}).items()))
            lines.append(
                f"| {d['name']} | {d['role']} | {d['train_sentences']} | {d['train_tokens']} | "
                f"{d['dev_sentences']} | {d['heldout_sentences']} | {ents} |"
            )
        for d in self.data:
            if d.get("documents"):
                lines += [
                    "",
                    f"In-domain training documents of `{d['name']}` (evaluate the NER's effect on ingest on the "
                    f"other sample documents only): {', '.join(d['documents'])}.",
                ]
        lines += ["", "## Licences and attribution", ""]
        for src in self.sources:
            lines.append(f"- **{src['name']}**: {src['title']}. Licence: {src['licence']}. Cite: {src['citation']}")
        lines += [
            "",
            "The corpora are read in place from `shared/data/ner` and are not part of the repository; the model "
            "stores only weights and the token strings seen in training (`vocab/strings.json`).",
            "",
        ]
        return "\n".join(lines)


def comparison_table(
    cards: Sequence[ModelCard], eval_sets: Sequence[str] | None = None, names: Sequence[str] | None = None
) -> str:
    """A markdown table of ORG precision/recall/F1 of several runs (one row per run).

    ``names`` label the rows (default: each run's training mix).

    Examples
    --------
    >>> c = ModelCard("de", "m", ("germeval",), [], {"heldout": {"ORG": LabelScore(0.5, 0.4, 0.444, 9, 7)}},
    ...               1000.0, 1, 10, 10, 1.0, {})
    >>> print(comparison_table([c]))
    | training mix | steps | heldout ORG P / R / F1 |
    |---|---:|---|
    | germeval | 10 | 0.500 / 0.400 / 0.444 |
    >>> comparison_table([c], names=["germeval, dropout 0.3"]).splitlines()[-1][:25]
    '| germeval, dropout 0.3 |'
    """
    sets = list(eval_sets) if eval_sets else list(dict.fromkeys(k for c in cards for k in c.scores))
    head = "| training mix | steps | " + " | ".join(f"{s} ORG P / R / F1" for s in sets) + " |"
    rule = "|---|---:|" + "---|" * len(sets)
    rows = [head, rule]
    for i, c in enumerate(cards):
        cells = []
        for s in sets:
            sc = c.org(s)
            cells.append(f"{sc.precision:.3f} / {sc.recall:.3f} / {sc.f1:.3f}" if sc else "-")
        name = names[i] if names else " + ".join(c.mix)
        rows.append(f"| {name} | {c.steps} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def written_sections(card_markdown: str) -> str:
    """The sections of a card that training does not generate: from :data:`COMPARISON_HEADING` to the end.

    Examples
    --------
    >>> written_sections("# card\\n\\n## Scores\\n\\nx\\n\\n## Data mixes compared\\n\\n| a |\\n\\n## Cross-validation\\n\\ny\\n")
    '## Data mixes compared\\n\\n| a |\\n\\n## Cross-validation\\n\\ny\\n'
    >>> written_sections("# card\\n")
    ''
    """
    _head, heading, rest = card_markdown.partition(COMPARISON_HEADING)
    return heading + rest


def with_comparison(card_markdown: str, table: str, note: str = "") -> str:
    """Return ``card_markdown`` with its data-mix comparison section set to ``table`` (and ``note``).

    Examples
    --------
    >>> md = with_comparison("# card\\n", "| a |")
    >>> md.count(COMPARISON_HEADING), with_comparison(md, "| b |").count("| a |")
    (1, 0)
    """
    head, _, rest = card_markdown.partition(COMPARISON_HEADING)
    tail = ""
    if rest:
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1 :] if nxt >= 0 else ""
    section = f"{COMPARISON_HEADING}\n\n{note.strip()}\n\n{table.strip()}\n\n" if note else f"{COMPARISON_HEADING}\n\n{table.strip()}\n\n"
    return head.rstrip("\n") + "\n\n" + section + tail
