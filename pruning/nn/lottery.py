"""The lottery-ticket experiment: iterative magnitude pruning with rewinding to init.

Frankle & Carbin (2019) found that a dense network contains sparse sub-networks
("winning tickets") that, started from the *same initial weights* as the dense
network, train as well as it does; the same sub-network started from *other* random
weights does worse. The experiment, on a sample model:

1. Rebuild the sample model's initial weights exactly: the training script seeds
   torch with ``spec.seed`` and then builds the model (``pruning.models.train``).
2. Round 0: train the dense init for ``epochs``.
3. Each round: prune ``prune_per_round`` of the surviving weights with the smallest
   magnitude over the whole network (global), *rewind* the survivors to their
   initial values, and train ``epochs`` again with the mask in force.
4. Control: every round's mask, put on a network re-initialised from another seed,
   trained the same way.

This does not fit the technique interface (``apply(model, amount, options)`` prunes
a trained model; here the point is to go back to the init and compare two starts),
so it is a function of its own. Masks come from ``torch.nn.utils.prune``
(``global_unstructured`` on the trained network, which only ranks surviving weights,
so masks are nested; ``custom_from_mask`` to put one on a fresh network).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Callable

import torch
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.i18n import t
from pruning.metrics import fixed_threads
from pruning.models import SAMPLE_MODELS, NetworkData, build_model, network_data
from pruning.models.zoo import SPECS, ModelSpec
from pruning.nn.base import prunable_layers
from pruning.training import accuracy, train

Progress = Callable[[float, str], None]
Masks = dict[str, torch.Tensor]

MAX_ROUNDS = 10
MAX_EPOCHS = 50
CONTROL_SEED_OFFSET = 1  # the control's init seed: spec.seed + offset + seed
THREADS = 1  # training threads: results are repeatable bit for bit on one machine


@dataclass(frozen=True)
class LotteryRound:
    """One round of the experiment, as plain values.

    Attributes
    ----------
    round : int
        0 is the dense network (nothing pruned); round ``r`` has pruned ``r`` times.
    sparsity : float
        Fraction of the prunable weights (Linear / Conv2d weights) that are pruned.
    weights_left : int
        Prunable weights that survive.
    test_rewound, val_rewound : float
        Accuracy of the survivors started from their initial values, after training.
    test_random, val_random : float
        Accuracy of the same mask on a network re-initialised at random, trained the
        same way (the control).
    """

    round: int
    sparsity: float
    weights_left: int
    test_rewound: float
    val_rewound: float
    test_random: float
    val_random: float


@dataclass(eq=False)
class LotteryResult:
    """The outcome of :func:`lottery_ticket`.

    Attributes
    ----------
    model : str
        The sample model.
    rounds : list of LotteryRound
        Round 0 (dense) first.
    prune_per_round : float
        Fraction of the surviving weights pruned in each round.
    epochs : int
        Training epochs of every network (each round, both starts).
    seed : int
        Seeds training shuffles and (with the model's seed) the control's init.
    init_seed, control_seed : int
        Torch seeds the rewound and the control networks were built with.
    masks : list of dict of str to Tensor
        The mask of each round (``True`` kept) by layer name, round 0 all ``True``.
    """

    model: str
    rounds: list[LotteryRound]
    prune_per_round: float
    epochs: int
    seed: int
    init_seed: int
    control_seed: int
    masks: list[Masks] = field(default_factory=list)

    def to_rows(self) -> list[dict]:
        """One plain dict per round (the command line's and a table's rows)."""
        return [{"model": self.model, "prune_per_round": self.prune_per_round,
                 "epochs": self.epochs, "seed": self.seed, **vars(row)}
                for row in self.rounds]


def initial_model(spec: ModelSpec, seed: int | None = None) -> nn.Module:
    """The network ``spec`` builds right after ``torch.manual_seed(seed)``.

    With the default ``seed`` (``spec.seed``) these are exactly the sample model's
    weights before training, as the training script seeds torch and then builds it.
    The global torch random state is left as it was.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(spec.seed if seed is None else seed)
        return build_model(spec)


def masked_copy(init: nn.Module, masks: Masks) -> nn.Module:
    """A copy of ``init`` (every parameter as it is there) with ``masks`` in force.

    Pruned weights read as zero and stay zero while training (``torch.nn.utils.prune``
    re-applies the mask before every forward pass).
    """
    model = copy.deepcopy(init)
    for name, module in prunable_layers(model):
        torch_prune.custom_from_mask(module, "weight", masks[name])
    return model


def prune_survivors(model: nn.Module, fraction: float) -> Masks:
    """Prune ``fraction`` of the weights ``model`` still has, smallest magnitude first.

    One threshold over all prunable layers (global). ``model`` must carry its current
    masks (``torch.nn.utils.prune``): already pruned weights are not counted again,
    so the new mask is nested in the old one. Returns the new masks (the model keeps
    them in force).
    """
    layers = prunable_layers(model)
    alive = sum(int(_mask_of(module).sum()) for _, module in layers)
    torch_prune.global_unstructured(
        [(module, "weight") for _, module in layers],
        pruning_method=torch_prune.L1Unstructured, amount=round(fraction * alive))
    return {name: _mask_of(module).clone() for name, module in layers}


def _mask_of(module: nn.Module) -> torch.Tensor:
    mask = getattr(module, "weight_mask", None)
    return torch.ones_like(module.weight, dtype=torch.bool) if mask is None else mask.bool()


def check_lottery_request(model: str, rounds: int, prune_per_round: float,
                          epochs: int) -> None:
    """``ValueError`` with a catalogue message for an impossible request."""
    if model not in SAMPLE_MODELS:
        raise ValueError(t("experiment.errors.unknown_model", model=model,
                           choices=", ".join(SAMPLE_MODELS)))
    if not (isinstance(rounds, int) and 1 <= rounds <= MAX_ROUNDS):
        raise ValueError(t("lottery.errors.rounds", max=MAX_ROUNDS))
    if not 0.0 < prune_per_round < 1.0:
        raise ValueError(t("lottery.errors.prune_per_round"))
    if not (isinstance(epochs, int) and 1 <= epochs <= MAX_EPOCHS):
        raise ValueError(t("lottery.errors.epochs", max=MAX_EPOCHS))


def _train(model: nn.Module, spec: ModelSpec, data: NetworkData, epochs: int,
           seed: int) -> None:
    train(model, data.X_train, data.y_train, epochs=epochs, lr=spec.lr,
          batch_size=spec.batch_size, weight_decay=spec.weight_decay, seed=seed)


def _accuracies(model: nn.Module, data: NetworkData) -> tuple[float, float]:
    return accuracy(model, *data.part("test")), accuracy(model, *data.part("val"))


def lottery_ticket(model: str = "mlp", rounds: int = 5, prune_per_round: float = 0.5,
                   epochs: int = 10, seed: int = 0,
                   progress: Progress | None = None) -> LotteryResult:
    """Run the lottery-ticket experiment on a sample model (see the module docstring).

    Parameters
    ----------
    model : str
        A sample model (``pruning.models.SAMPLE_MODELS``); the MLP is quickest.
    rounds : int in [1, 10]
        Pruning rounds after the dense round 0.
    prune_per_round : float in (0, 1)
        Fraction of the *surviving* weights pruned each round, so after ``r`` rounds
        the sparsity is ``1 - (1 - prune_per_round) ** r``.
    epochs : int in [1, 50]
        Training epochs of every network, with the sample model's own recipe
        (Adam, its learning rate and batch size).
    seed : int
        Seeds the training shuffles; the control network's init seed is
        ``spec.seed + 1 + seed`` (never the model's own init seed).
    progress : callable(fraction, message), optional

    Returns
    -------
    LotteryResult
        Test and validation accuracy of the rewound and the re-initialised network
        per round, and every round's mask. Deterministic for given arguments.

    Raises
    ------
    ValueError
        Unknown model or an out-of-range setting (catalogue messages).
    """
    check_lottery_request(model, rounds, prune_per_round, epochs)
    spec = SPECS[model]
    data = network_data(spec)
    init_seed, control_seed = spec.seed, spec.seed + CONTROL_SEED_OFFSET + seed
    init, control = initial_model(spec, init_seed), initial_model(spec, control_seed)
    masks: Masks = {name: torch.ones_like(module.weight, dtype=torch.bool)
                    for name, module in prunable_layers(init)}
    total = sum(int(mask.numel()) for mask in masks.values())
    history: list[Masks] = []
    rows: list[LotteryRound] = []
    with fixed_threads(THREADS):
        for round_ in range(rounds + 1):
            if round_ > 0:  # prune the last trained ticket, then rewind its survivors
                masks = prune_survivors(ticket, prune_per_round)
            history.append({name: mask.clone() for name, mask in masks.items()})
            ticket = masked_copy(init, masks)
            _train(ticket, spec, data, epochs, seed)
            shuffled = masked_copy(control, masks)
            _train(shuffled, spec, data, epochs, seed)
            left = sum(int(mask.sum()) for mask in masks.values())
            rows.append(LotteryRound(round_, 1.0 - left / total, left,
                                     *_accuracies(ticket, data), *_accuracies(shuffled, data)))
            if progress is not None:
                progress((round_ + 1) / (rounds + 1),
                         t("lottery.progress", round=round_, rounds=rounds,
                           sparsity=rows[-1].sparsity))
    return LotteryResult(model, rows, prune_per_round, epochs, seed, init_seed, control_seed,
                         history)
