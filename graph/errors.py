"""Errors of the graph package: one line, naming what is wrong and saying what to do next.

Every error is an :class:`ontology.errors.CcgError`, which the CLI turns into a one-line message.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ontology.errors import CcgError


class GraphError(CcgError):
    """A user-facing error of the analysis."""


def no_analysis(store: Path | str) -> GraphError:
    """The message for reading results from a store that was never analysed.

    Examples
    --------
    >>> str(no_analysis("out/store"))
    "out/store: the store holds no analysis results; run 'ccg analyse' (or 'ccg build') first"
    """
    return GraphError(f"{store}: the store holds no analysis results; run 'ccg analyse' (or 'ccg build') first")


def unknown_actor(name: str) -> GraphError:
    """The message for an actor name, id or IRI that matches no actor.

    Examples
    --------
    >>> str(unknown_actor("Airbuss"))
    "actor 'Airbuss': no actor has this id, IRI or name; list actors with 'ccg actors'"
    """
    return GraphError(f"actor {name!r}: no actor has this id, IRI or name; list actors with 'ccg actors'")


def ambiguous_actor(name: str, matches: Sequence[str]) -> GraphError:
    """The message for an actor name that matches several actors.

    Examples
    --------
    >>> str(ambiguous_actor("HAW", ["https://x/actor/a", "https://x/actor/b"]))
    "actor 'HAW': the name fits 2 actors (https://x/actor/a, https://x/actor/b); pass one of these IRIs"
    """
    shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
    return GraphError(f"actor {name!r}: the name fits {len(matches)} actors ({shown}); pass one of these IRIs")


def actor_not_analysed(name: str) -> GraphError:
    """The message for an actor that exists but is not part of the analysed actor network.

    Examples
    --------
    >>> str(actor_not_analysed("https://x/actor/a"))
    "actor 'https://x/actor/a': not in the actor network (rejected, or a candidate); try 'ccg analyse --include-candidates'"
    """
    return GraphError(
        f"actor {name!r}: not in the actor network (rejected, or a candidate); try 'ccg analyse --include-candidates'"
    )


def bad_choice(option: str, value: str, choices: Sequence[str]) -> GraphError:
    """The message for an option value outside its choices.

    Examples
    --------
    >>> str(bad_choice("--sort", "size", ["bridging", "constraint"]))
    "--sort: unknown value 'size'; use one of bridging, constraint"
    """
    return GraphError(f"{option}: unknown value {value!r}; use one of {', '.join(choices)}")


def template_missing(path: Path | str) -> GraphError:
    """The message for a report template that is not installed.

    Examples
    --------
    >>> str(template_missing("graph/templates/bridges.html.j2"))
    'graph/templates/bridges.html.j2: report template missing; reinstall ccg (pip install -e .)'
    """
    return GraphError(f"{path}: report template missing; reinstall ccg (pip install -e .)")


def focus_required() -> GraphError:
    """The message for the ego view without a focus.

    Examples
    --------
    >>> str(focus_required())
    "--view ego needs --focus: an actor or cluster id, IRI or name, e.g. 'ccg render --view ego --focus airbus'"
    """
    return GraphError("--view ego needs --focus: an actor or cluster id, IRI or name, e.g. 'ccg render --view ego --focus airbus'")


def unknown_focus(text: str, matches: Sequence[str]) -> GraphError:
    """The message for a ``--focus`` that names no node of the network, or several.

    Examples
    --------
    >>> str(unknown_focus("Airbuss", []))
    "--focus 'Airbuss': no actor or cluster has this id, IRI or name; find the id with 'ccg query' or on the overview page"
    >>> str(unknown_focus("HAW", ["https://x/actor/a", "https://x/actor/b"]))
    "--focus 'HAW': the name fits 2 nodes (https://x/actor/a, https://x/actor/b); pass one of these IRIs"
    """
    if matches:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        return GraphError(f"--focus {text!r}: the name fits {len(matches)} nodes ({shown}); pass one of these IRIs")
    return GraphError(f"--focus {text!r}: no actor or cluster has this id, IRI or name; find the id with 'ccg query' or on the overview page")


def page_not_written(path: Path | str, reason: str) -> GraphError:
    """The message for a network page that cannot be written.

    Examples
    --------
    >>> str(page_not_written("out/network.html", "Permission denied"))
    'out/network.html: cannot write the network page (Permission denied); pass another -o FILE or --out folder'
    """
    return GraphError(f"{path}: cannot write the network page ({reason}); pass another -o FILE or --out folder")
