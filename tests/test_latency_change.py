"""A latency change counts only when the two spreads do not overlap."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.latency_change import within_noise
from pruning.metrics import Latency


def timing(samples):
    return Latency.from_samples(list(samples), warmup=1, threads=1, batch_size=10)


def test_overlapping_spreads_are_noise_and_separate_ones_are_not():
    assert within_noise(timing([1.0, 1.1, 1.2, 1.3]), timing([1.15, 1.2, 1.25, 1.3]))
    assert not within_noise(timing([1.0, 1.05, 1.1, 1.12]), timing([2.0, 2.1, 2.2, 2.3]))


samples = st.lists(st.floats(0.01, 100.0), min_size=1, max_size=20)


@settings(max_examples=25, deadline=None)
@given(samples, samples)
def test_noise_is_symmetric_and_a_timing_is_within_its_own_noise(a, b):
    first, second = timing(a), timing(b)
    assert within_noise(first, second) == within_noise(second, first)
    assert within_noise(first, first)
    if first.p75_ms < second.p25_ms:
        assert not within_noise(first, second)
