"""The benchmark of what users feel (``python -m pruning bench``), one file per measurement.

- :mod:`~pruning.bench.slider`: slider -> redrawn charts in Chromium, per page, beside
  a bare one-slider Streamlit page (the floor Streamlit imposes);
- :mod:`~pruning.bench.backend_step`: the same step without the browser, in parts;
- :mod:`~pruning.bench.sweep`: the full trade-off sweep, cold and from cache;
- :mod:`~pruning.bench.speedup`: measured speed-up over MAC reduction;
- :mod:`~pruning.bench.crossover`: where CSR beats dense;
- :mod:`~pruning.bench.cold_start`: ``streamlit run`` to the home page interactive;
- :mod:`~pruning.bench.memory`: server memory after many browser sessions;
- :mod:`~pruning.bench.accuracy`: accuracy kept at 90% sparsity after fine-tuning;
- :mod:`~pruning.bench.load`: many browser sessions at once moving sliders (latency,
  memory, exceptions, cross-talk between sessions).

:func:`~pruning.bench.run.run_benchmark` runs them all and checks the targets
(:mod:`~pruning.bench.targets`); :func:`~pruning.bench.report.format_report` prints
them. Streamlit is only ever started as a separate program (the backend never
imports it); Playwright is imported only by the browser measurements.
"""
