"""Which request options each network technique reads, so a page offers only those.

Every technique takes the same :class:`~pruning.nn.PruneOptions`, but most read only
a few of them: showing an Ln-norm picker beside random pruning would suggest a
choice that changes nothing. Fine-tuning is not listed: every technique accepts it
(iterative pruning fine-tunes after each of its rounds).
"""
from __future__ import annotations

from pruning.nn import TechniqueSpec

OPTION_NAMES = ("norm", "activation_criterion", "steps", "schedule")
NORMS = (1, 2)


def options_read_by(spec: TechniqueSpec) -> tuple[str, ...]:
    """The names in :data:`OPTION_NAMES` that change what ``spec`` prunes.

    Parameters
    ----------
    spec : TechniqueSpec

    Returns
    -------
    tuple of str
        In the order of :data:`OPTION_NAMES`; empty for techniques with no options.
    """
    read = set()
    if spec.criterion == "magnitude" and spec.granularity == "channel":
        read.add("norm")  # filters / neurons ranked by the Ln norm of their weights
    if spec.criterion == "activation":
        read.add("activation_criterion")
    if spec.key == "iterative":
        read.update(("steps", "schedule"))
    return tuple(name for name in OPTION_NAMES if name in read)
