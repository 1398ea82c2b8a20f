"""How much each measurement repeats: the full benchmark and the ``--quick`` one."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from pruning.sweep import DEFAULT_SPARSITIES


@dataclass(frozen=True)
class BenchSettings:
    """Repeats, sizes and sessions of every measurement.

    Attributes
    ----------
    quick : bool
        A small run (the test's); figures whose workload shrinks are not compared
        with their targets.
    slider_steps, slider_warmup : int
        Timed (and untimed first) slider moves per page.
    backend_repeats : int
        Slider steps timed per page and sample model without the browser.
    sweep_sparsities : tuple of float
    sweep_cold_repeats, sweep_cached_repeats : int
    speedup_rounds, speedup_repeats : int
        Alternating dense / pruned timing rounds, repeats per round.
    crossover_repeats : int
        Timed rounds per sparsity (the sweep adds rounds for fast models).
    cold_start_repeats : int
    memory_sessions : int
    accuracy_seeds : tuple of int
    load_sessions, load_seconds : int
        Concurrent browser sessions of the load test, and each one's slider time.
    """

    quick: bool = False
    slider_steps: int = 20
    slider_warmup: int = 1
    backend_repeats: int = 10
    sweep_sparsities: tuple[float, ...] = DEFAULT_SPARSITIES
    sweep_cold_repeats: int = 3
    sweep_cached_repeats: int = 20
    speedup_rounds: int = 10
    speedup_repeats: int = 5
    crossover_repeats: int = 20
    cold_start_repeats: int = 3
    memory_sessions: int = 20
    accuracy_seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    load_sessions: int = 20
    load_seconds: int = 60

    def as_dict(self) -> dict:
        return asdict(self)


FULL = BenchSettings()
QUICK = BenchSettings(quick=True, slider_steps=3, backend_repeats=2,
                      sweep_sparsities=(0.0, 0.5, 0.9), sweep_cold_repeats=1,
                      sweep_cached_repeats=3, speedup_rounds=2, speedup_repeats=3,
                      crossover_repeats=3, cold_start_repeats=1, memory_sessions=2,
                      accuracy_seeds=(0,), load_sessions=2, load_seconds=10)
