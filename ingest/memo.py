"""Memoising pure functions of a name and a rule set: names recur across documents by the hundred.

The rule sets (:class:`ingest.ruleset.Rules`) are large frozen dataclasses, slow to hash; a
memoised function keys its results by the rule set's identity instead, and keeps every rule set it
has seen alive while their results are cached, so that an identity is never reused for another one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

Result = TypeVar("Result")
MAX_ENTRIES = 200_000


def per_rule_set(function: Callable[..., Result]) -> Callable[..., Result]:
    """Memoise ``function(name, rules, *args, **kwargs)`` by name, identity of ``rules`` and the other (hashable) arguments.

    Examples
    --------
    >>> calls = []
    >>> @per_rule_set
    ... def shout(name, rules, times=1):
    ...     calls.append(name)
    ...     return name.upper() * times
    >>> rules = object()
    >>> shout("a", rules), shout("a", rules), shout("a", rules, times=2), shout("a", object())
    ('A', 'A', 'AA', 'A')
    >>> calls
    ['a', 'a', 'a']
    """
    cache: dict[tuple[Hashable, ...], Any] = {}
    alive: dict[int, object] = {}

    @functools.wraps(function)
    def memoised(name: str, rules: object, *args: Hashable, **kwargs: Hashable) -> Result:
        key = (name, id(rules), args, tuple(sorted(kwargs.items())) if kwargs else ())
        try:
            return cache[key]
        except KeyError:
            pass
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
            alive.clear()
        alive[id(rules)] = rules
        result = cache[key] = function(name, rules, *args, **kwargs)
        return result

    return memoised
