"""N-Triples terms as text: what document graphs are written in, fast enough for every mention.

Building pyoxigraph term objects and serialising them costs more than the rest of a document's
graph; formatting the few kinds of terms ingest writes is simple: IRIs (checked against the
N-Triples grammar), plain strings (four characters escaped) and typed literals.
"""

from __future__ import annotations

import re

from rdflib.namespace import XSD

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER = f"^^<{XSD.integer}>"
_DECIMAL = f"^^<{XSD.decimal}>"


def iri(value: str) -> str:
    """An IRI term; ``ValueError`` for characters N-Triples does not allow in one.

    Examples
    --------
    >>> iri("https://example.org/actor/tuhh")
    '<https://example.org/actor/tuhh>'
    >>> iri("https://example.org/a b")
    Traceback (most recent call last):
    ...
    ValueError: not an IRI: 'https://example.org/a b'
    """
    value = str(value)
    if _NOT_IN_IRI.search(value) or ":" not in value:
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def string(value: str) -> str:
    """A plain string literal (``xsd:string``).

    Examples
    --------
    >>> print(string('Die "HAW"\\\\Hamburg\\nforscht'))
    "Die \\"HAW\\"\\\\Hamburg\\nforscht"
    """
    return f'"{value.translate(_ESCAPES)}"'


def integer(value: int) -> str:
    """An ``xsd:integer`` literal.

    Examples
    --------
    >>> integer(12)
    '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{int(value)}"{_INTEGER}'


def decimal(value: float) -> str:
    """An ``xsd:decimal`` in [0, 1] with at most three digits (no float noise in the store).

    Examples
    --------
    >>> decimal(0.93), decimal(1.0), decimal(0.0), decimal(1.7)
    ('"0.93"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"0"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    return f'"{f"{min(max(value, 0.0), 1.0):.3f}".rstrip("0").rstrip(".")}"{_DECIMAL}'
