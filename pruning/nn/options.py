"""Checks of the options a technique reads, with one-line messages from the catalogue."""
from __future__ import annotations

from pruning.i18n import t
from pruning.nn.base import SCHEDULES, PruneOptions

ACTIVATION_CRITERIA = ("apoz", "mean")


def check_norm(options: PruneOptions) -> None:
    if not isinstance(options.norm, int) or options.norm < 1:
        raise ValueError(t("errors.nn.norm", norm=options.norm))


def check_activation_criterion(options: PruneOptions) -> None:
    if options.activation_criterion not in ACTIVATION_CRITERIA:
        raise ValueError(t("errors.nn.activation_criterion",
                           criterion=options.activation_criterion,
                           choices=", ".join(ACTIVATION_CRITERIA)))


def check_schedule(options: PruneOptions) -> None:
    if options.schedule not in SCHEDULES:
        raise ValueError(t("errors.nn.schedule", schedule=options.schedule,
                           choices=", ".join(SCHEDULES)))
    if not isinstance(options.steps, int) or options.steps < 1:
        raise ValueError(t("errors.nn.steps", steps=options.steps))
