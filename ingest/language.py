"""Which language a document is in: German, English, another language, or undetermined.

A small deterministic model without downloads: the share of frequent function words of each
language among the first words of the text (words two languages share, like *in*, *an* or *was*,
are left out), and German letters (ä, ö, ü, ß) as a tie-breaker.

What happens to each outcome (see :func:`pipeline_language`):

- ``de`` and ``en`` are processed with their own spaCy pipeline;
- another detected language (``fr``, ``es``, ``it``, ``nl``) is recorded as such in
  ``dct:language``, processed with the English pipeline (registry names, acronyms, legal forms
  and technology labels still match; German case endings do not apply), and reported as a notice;
- ``und`` (undetermined: too few function words, e.g. a list of names) uses the language the page
  declares (HTML ``lang``) when there is one, else it is recorded as ``und`` and processed with the
  German pipeline, the most common language of Hamburg's cluster documents.
"""

from __future__ import annotations

import re

SUPPORTED = ("de", "en")
UNDETERMINED = "und"
FALLBACK_FOR_OTHER = "en"
FALLBACK_FOR_UNDETERMINED = "de"

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        "der die das des und ist nicht mit für von den dem sich auf ein eine einer eines einem einen zu im zum zur "
        "auch werden wird wurde wurden sind sowie über nach bei aus durch oder dass wie noch nur vom hat haben "
        "kann können mehr ihre seine unter zwischen gegen ohne dieser diese dieses wir sie ihr sein "
        "bereits jedoch wenn damit dabei diesem einen beim ab seit".split()
    ),
    "en": frozenset(
        "the and of to is are was were with for from by on at this that these those which who has have had "
        "been be will would can could it its their our not but or as into than such they we more between "
        "through about after also".split()
    ),
    "fr": frozenset("les du et est sont avec pour dans sur par au aux ce cette qui pas plus ou leur nous vous elle une".split()),
    "es": frozenset("el los las y son para por este esta sus como más pero entre sobre también".split()),
    "it": frozenset("il lo gli della delle dei nel nella che è sono di da anche questo questa".split()),
    "nl": frozenset("het een van zijn voor op aan dat niet ook bij door naar worden wordt deze".split()),
}
# Words in two lists would blur the evidence: keep each word in one language only.
_SHARED = frozenset(
    w for lang, words in FUNCTION_WORDS.items() for w in words
    if any(w in other for other_lang, other in FUNCTION_WORDS.items() if other_lang != lang)
)
_PRIORITY = ("de", "en", "fr", "es", "it", "nl")  # tie-breaker, Hamburg's languages first
_WORD = re.compile(r"[^\W\d_]+")
_GERMAN_LETTERS = re.compile(r"[äöüß]")
_SAMPLE_WORDS = 3000
_MIN_HITS = 2


def detect_language(text: str, declared: str = "") -> str:
    """The ISO 639-1 code of the language of ``text``, or ``und`` when there is too little evidence.

    ``declared`` is a language the file itself states (``<html lang="de-DE">``); it decides only
    when the words do not.

    Examples
    --------
    >>> detect_language("Die Technische Universität Hamburg forscht gemeinsam mit Airbus an Wasserstoff.")
    'de'
    >>> detect_language("The Hamburg cluster works with the port on hydrogen and fuel cells.")
    'en'
    >>> detect_language("Le cluster travaille avec les entreprises du port sur l'hydrogène.")
    'fr'
    >>> detect_language("Airbus; DLR; TUHH")
    'und'
    >>> detect_language("Airbus; DLR; TUHH", declared="en-GB")
    'en'
    """
    scores = language_scores(text)
    best = max(_PRIORITY, key=lambda lang: (scores[lang], -_PRIORITY.index(lang)))
    runner_up = max(scores[lang] for lang in _PRIORITY if lang != best)
    if scores[best] >= _MIN_HITS or (scores[best] >= 1 and runner_up == 0):
        return best
    declared_code = declared.strip().lower().split("-")[0]
    return declared_code if re.fullmatch(r"[a-z]{2,3}", declared_code) else UNDETERMINED


def language_scores(text: str) -> dict[str, float]:
    """Function-word hits per language among the first words of ``text``; any of ä, ö, ü, ß adds half a hit to German.

    Examples
    --------
    >>> language_scores("der Hafen und the port")["de"], language_scores("der Hafen und the port")["en"]
    (2.0, 1.0)
    """
    words = [w.lower() for w in _WORD.findall(text[: _SAMPLE_WORDS * 12])][:_SAMPLE_WORDS]
    scores = {lang: 0.0 for lang in _PRIORITY}
    for word in words:
        if word in _SHARED:
            continue
        for lang in _PRIORITY:
            if word in FUNCTION_WORDS[lang]:
                scores[lang] += 1
                break
    scores["de"] += 0.5 * min(len(_GERMAN_LETTERS.findall(text[: _SAMPLE_WORDS * 12])), 1)
    return scores


def pipeline_language(language: str) -> str:
    """The spaCy pipeline that processes a document detected as ``language``.

    Examples
    --------
    >>> [pipeline_language(code) for code in ("de", "en", "fr", "und")]
    ['de', 'en', 'en', 'de']
    """
    if language in SUPPORTED:
        return language
    return FALLBACK_FOR_UNDETERMINED if language == UNDETERMINED else FALLBACK_FOR_OTHER
