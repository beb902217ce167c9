"""Errors of the ingest package: one line, naming the file and the problem, saying what to do next.

Every error is an :class:`ontology.errors.CcgError`, which the CLI turns into a one-line message.
"""

from __future__ import annotations

from pathlib import Path

from ontology.errors import CcgError


class IngestError(CcgError):
    """A user-facing ingest error."""


class NerDataError(IngestError):
    """An NER corpus or training setting is missing or unreadable."""


def ner_corpus_missing(path: Path | str, corpus: str) -> NerDataError:
    """The message for a corpus file that is not where the data folder says.

    Examples
    --------
    >>> str(ner_corpus_missing("/d/germeval2014/NER-de-test.tsv", "germeval"))
    "/d/germeval2014/NER-de-test.tsv: NER corpus 'germeval' not found; pass --data pointing at shared/data/ner"
    """
    return NerDataError(f"{path}: NER corpus {corpus!r} not found; pass --data pointing at shared/data/ner")


def ner_corpus_malformed(path: Path | str, reason: str) -> NerDataError:
    """The message for a corpus file that cannot be parsed.

    Examples
    --------
    >>> str(ner_corpus_malformed("a.conll", "no sentences"))
    'a.conll: cannot read the NER corpus (no sentences); check the file against its README'
    """
    return NerDataError(f"{path}: cannot read the NER corpus ({reason}); check the file against its README")


def ner_bad_setting(what: str, problem: str) -> NerDataError:
    """The message for an impossible training setting (unknown corpus, language, budget).

    Examples
    --------
    >>> str(ner_bad_setting("--lang", "unknown language 'fr'; use de or en"))
    "--lang: unknown language 'fr'; use de or en"
    """
    return NerDataError(f"{what}: {problem}")


class UnreadableDocument(IngestError):
    """A document that cannot be read: one line naming the file and the reason.

    ``rows`` holds ``(line, problem)`` for every bad row of a member list (empty otherwise).
    """

    def __init__(self, path: Path | str, reason: str, rows: tuple[tuple[int, str], ...] = ()) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.rows = rows


def unreadable(path: Path | str, reason: str) -> UnreadableDocument:
    """The message for a document that cannot be read, with what to do about it.

    Examples
    --------
    >>> str(unreadable("a/b.pdf", "corrupt PDF (EOF marker not found); export it again"))
    'a/b.pdf: corrupt PDF (EOF marker not found); export it again'
    """
    return UnreadableDocument(path, reason)


def empty_document(path: Path | str) -> UnreadableDocument:
    """The message for a file with no text in it.

    Examples
    --------
    >>> str(empty_document("x.txt"))
    'x.txt: empty file (no text); add text or remove it'
    """
    return UnreadableDocument(path, "empty file (no text); add text or remove it")


def binary_document(path: Path | str, why: str) -> UnreadableDocument:
    """The message for a file named like text whose content is binary.

    Examples
    --------
    >>> str(binary_document("x.txt", "NUL bytes"))
    'x.txt: binary content, not text (NUL bytes); check the file type or rename it'
    """
    return UnreadableDocument(path, f"binary content, not text ({why}); check the file type or rename it")


def undecodable_document(path: Path | str, why: str) -> UnreadableDocument:
    """The message for a text file in no encoding that can be told apart.

    Examples
    --------
    >>> str(undecodable_document("x.txt", "invalid UTF-8 at byte 7"))
    'x.txt: invalid encoding (invalid UTF-8 at byte 7); save it as UTF-8'
    """
    return UnreadableDocument(path, f"invalid encoding ({why}); save it as UTF-8")


def too_large(path: Path | str, size: int, limit: int) -> UnreadableDocument:
    """The message for a document over the size limit.

    Examples
    --------
    >>> str(too_large("big.txt", 52_428_800, 20_000_000))
    'big.txt: 52,428,800 bytes of text is over the limit of 20,000,000; split the file or raise --max-bytes'
    """
    return UnreadableDocument(path, f"{size:,} bytes of text is over the limit of {limit:,}; split the file or raise --max-bytes")


def unknown_file_type(path: Path | str, suffix: str, known: tuple[str, ...]) -> UnreadableDocument:
    """The message for a file whose extension no reader handles.

    Examples
    --------
    >>> str(unknown_file_type("a.xls", ".xls", (".txt", ".csv")))
    "a.xls: unknown file type '.xls'; use one of .txt, .csv"
    """
    return UnreadableDocument(path, f"unknown file type {suffix!r}; use one of {', '.join(known)}")


def missing_path(path: Path | str) -> UnreadableDocument:
    """The message for a path that does not exist.

    Examples
    --------
    >>> str(missing_path("gone.txt"))
    'gone.txt: no such file or folder; check the path'
    """
    return UnreadableDocument(path, "no such file or folder; check the path")


def bad_member_rows(path: Path | str, rows: tuple[tuple[int, str], ...]) -> UnreadableDocument:
    """The message for a member list with malformed rows; every row is kept in ``rows``.

    The list is not ingested at all, so that a fixed file is picked up as changed on the next run.

    Examples
    --------
    >>> error = bad_member_rows("m.csv", ((3, "no organisation"), (7, "expected 2 or 3 cells, found 5")))
    >>> str(error)
    'm.csv:3: no organisation (and 1 more bad row); fix the rows and run again'
    >>> member_row_messages(error)
    ['m.csv:3: no organisation', 'm.csv:7: expected 2 or 3 cells, found 5']
    """
    line, problem = rows[0]
    more = f" (and {len(rows) - 1} more bad row{'s' if len(rows) > 2 else ''})" if len(rows) > 1 else ""
    error = UnreadableDocument(f"{path}:{line}", f"{problem}{more}; fix the rows and run again", rows)
    error.path = str(path)
    return error


def member_row_messages(error: UnreadableDocument) -> list[str]:
    """One line per bad row of a member list (``file:line: problem``), or the error itself."""
    if not error.rows:
        return [str(error)]
    return [f"{error.path}:{line}: {problem}" for line, problem in error.rows]


# --- extraction (rules, curation, NER slot, evaluation) ---------------------------------------


class ExtractionError(IngestError):
    """A rules, curation, model or gold file needed by extraction is missing or malformed."""


def rules_unreadable(path: Path | str, reason: str) -> ExtractionError:
    """The message for a rule file of ``ingest/rules`` that cannot be used.

    Examples
    --------
    >>> str(rules_unreadable("ingest/rules/cues.json", "file not found"))
    'ingest/rules/cues.json: cannot read the extraction rules (file not found); restore the file from the repository'
    """
    return ExtractionError(f"{path}: cannot read the extraction rules ({reason}); restore the file from the repository")


def curation_problem(path: Path | str, line: int | None, problem: str) -> ExtractionError:
    """The message for a curation file row that cannot be applied.

    Examples
    --------
    >>> str(curation_problem("data/curation.csv", 4, "unknown action 'delete'"))
    "data/curation.csv:4: unknown action 'delete'; use accept, reject, merge or rename (see docs/extraction.md)"
    """
    where = f"{path}:{line}" if line is not None else f"{path}"
    return ExtractionError(f"{where}: {problem}; use accept, reject, merge or rename (see docs/extraction.md)")


def ner_model_unreadable(path: Path | str, reason: str) -> ExtractionError:
    """The message for an NER model folder that exists but cannot be loaded.

    Examples
    --------
    >>> str(ner_model_unreadable("ingest/models/ner-de", "no config.cfg"))
    'ingest/models/ner-de: cannot load the NER model (no config.cfg); retrain it with ccg train-ner or delete the folder'
    """
    return ExtractionError(f"{path}: cannot load the NER model ({reason}); retrain it with ccg train-ner or delete the folder")


def unsupported_language(language: str) -> ExtractionError:
    """The message for a pipeline requested for a language without rules.

    Examples
    --------
    >>> str(unsupported_language("fr"))
    "language 'fr': no extraction pipeline; use de or en"
    """
    return ExtractionError(f"language {language!r}: no extraction pipeline; use de or en")


def gold_unreadable(path: Path | str, reason: str) -> ExtractionError:
    """The message for a gold file that cannot be scored.

    Examples
    --------
    >>> str(gold_unreadable("data/sample/007.gold.json", "no document beside it"))
    'data/sample/007.gold.json: cannot use the gold file (no document beside it); fix it against the format in docs/extraction.md'
    """
    return ExtractionError(f"{path}: cannot use the gold file ({reason}); fix it against the format in docs/extraction.md")


def model_card_unreadable(path: Path | str, reason: str) -> ExtractionError:
    """The message for NER models whose model card cannot tell which documents they trained on.

    Examples
    --------
    >>> str(model_card_unreadable("ingest/models/ner-de/model-card.json", "file not found"))
    'ingest/models/ner-de/model-card.json: cannot tell which documents the NER model trained on (file not found); retrain it with ccg train-ner or evaluate without --held-out'
    """
    return ExtractionError(
        f"{path}: cannot tell which documents the NER model trained on ({reason}); retrain it with ccg train-ner or evaluate without --held-out"
    )


# --- review decisions (ccg review accept|reject|merge|rename) ----------------------------------


class ReviewError(IngestError):
    """A review decision that cannot be written: unknown, ambiguous or unsuitable actor."""


def review_unknown_actor(name: str) -> ReviewError:
    """The message for a review decision about an actor the store does not hold.

    Examples
    --------
    >>> str(review_unknown_actor("Nordwerk"))
    "actor 'Nordwerk': no actor in the store has this id, IRI or label; list the candidates with 'ccg review'"
    """
    return ReviewError(f"actor {name!r}: no actor in the store has this id, IRI or label; list the candidates with 'ccg review'")


def review_ambiguous_actor(name: str, matches: list[str]) -> ReviewError:
    """The message for a label that several actors carry.

    Examples
    --------
    >>> str(review_ambiguous_actor("Nordwerk", ["nordwerk", "nordwerk-gmbh"]))
    "actor 'Nordwerk': the label fits 2 actors (nordwerk, nordwerk-gmbh); pass one of these ids"
    """
    return ReviewError(f"actor {name!r}: the label fits {len(matches)} actors ({', '.join(matches)}); pass one of these ids")


def review_refused(curation_file: Path | str, problem: str) -> ReviewError:
    """The message for a decision that would make no sense (about a registry actor, a merge into itself).

    Examples
    --------
    >>> str(review_refused("data/curation.csv", "'airbus' is a registry actor; edit data/registry/actors.csv instead"))
    "data/curation.csv: not written: 'airbus' is a registry actor; edit data/registry/actors.csv instead"
    """
    return ReviewError(f"{curation_file}: not written: {problem}")
