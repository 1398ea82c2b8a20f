"""The home page's headline experiments (``pruning.headlines``) and the claims built on them."""
from __future__ import annotations

import pytest

import pruning.bench.accuracy as accuracy_bench
from pruning.experiment import NetworkRequest, run_network
from pruning.headlines import HEADLINE_REQUESTS, measure_headline
from pruning.i18n import languages, t


def _mlp_claim() -> NetworkRequest:
    found = [request for request in HEADLINE_REQUESTS
             if (request.model, request.technique, request.sparsity)
             == (accuracy_bench.MODEL, accuracy_bench.TECHNIQUE, accuracy_bench.SPARSITY)]
    assert len(found) == 1, HEADLINE_REQUESTS
    return found[0]


def test_every_headline_request_is_a_valid_experiment():
    for request in HEADLINE_REQUESTS:
        request.validate()
        assert request.measure_latency  # the speed-up shown is measured, never estimated


def test_the_accuracy_benchmark_fine_tunes_as_long_as_the_home_page_says(monkeypatch):
    claim = _mlp_claim()
    assert claim.finetune_epochs > 0  # a "short fine-tune" is part of the claim
    assert accuracy_bench.headline_epochs() == claim.finetune_epochs
    # read from the requests, not a copy of their number
    longer = tuple(request if request is not claim else
                   NetworkRequest(claim.model, claim.technique, claim.sparsity,
                                  finetune_epochs=claim.finetune_epochs + 3)
                   for request in HEADLINE_REQUESTS)
    monkeypatch.setattr(accuracy_bench, "HEADLINE_REQUESTS", longer)
    assert accuracy_bench.headline_epochs() == claim.finetune_epochs + 3


@pytest.mark.parametrize("language", languages())
def test_the_fine_tuning_text_shows_the_requested_epochs(language):
    """The number of epochs comes from the request, in every language (no literal)."""
    for request in HEADLINE_REQUESTS:
        if not request.finetune_epochs:
            continue
        shown = t("home.finetune_epochs", language, epochs=request.finetune_epochs)
        other = t("home.finetune_epochs", language, epochs=request.finetune_epochs + 7)
        assert str(request.finetune_epochs) in shown
        assert other == shown.replace(str(request.finetune_epochs),
                                      str(request.finetune_epochs + 7))
        story = t(f"home.headline_{request.model}", language,
                  sparsity=round(100 * request.sparsity), finetuning=shown)
        assert shown in story


def test_a_headline_summarises_its_run_as_dense_over_pruned_ratios():
    request = NetworkRequest("mlp", "magnitude_global", 0.5, measure_latency=True,
                             warmup=1, repeats=3)
    headline = measure_headline(request)
    report = run_network(request)  # the same run, untimed parts are deterministic
    assert headline.model == "mlp" and headline.unit == "weights"
    assert not headline.physical  # zeroed weights: MACs counted on the non-zeros
    # half of the weights zeroed -> about half of the multiply-accumulates left
    assert headline.macs_ratio == pytest.approx(2.0, rel=0.02)
    assert headline.macs_ratio == pytest.approx(report.dense.macs / report.pruned.macs_effective)
    assert headline.accuracy_change == pytest.approx(
        100 * (report.pruned.accuracy["test"] - report.dense.accuracy["test"]))
    assert headline.size_ratio == pytest.approx(
        report.dense.bytes_dense / report.pruned.bytes_sparse)
    assert headline.speedup > 0
