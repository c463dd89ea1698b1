"""FFT backends on this machine: the transforms of the issue's table, and the FFT bound per backend.

``python bench/fft_backends.py`` prints, for every installed backend (``scatnet.available_fft_backends()``:
scipy = pocketfft, mkl = Intel MKL, fftw = FFTW through pyFFTW), the best time of batched
transforms along the last axis on 1 and on all threads, each through scatnet's own backend
objects (``scatnet._core.fft``), which write into preallocated arrays as the engine does.
With ``--cases``, it also times whole transforms (cases of ``run_bench.py``, and S: ScatNet's
``scat`` of ``scatnet_bench.py``) with every backend and ``'auto'`` in one process, the backends
taking turns in every round, so that a change of machine load hits them alike, plus each
backend's FFT bound. ``make bench`` runs it first; ``run_bench.py`` and ``scatnet_bench.py`` use
:func:`fft_bound` for the *FFT bound* of a case with a given backend.

    .venv/bin/python bench/fft_backends.py [--runs 7] [--json PATH] [--cases A:64,B:64,G:8,H:2,S:64]
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # runnable without installing scatnet
    sys.path.append(str(HERE.parent))
if str(HERE) not in sys.path:  # run_bench and scatnet_bench, for --cases
    sys.path.insert(0, str(HERE))

#: (kind, rows, length, dtype) of the table: the shapes of issue 15's measurements plus the
#: float32 transforms of case B.
TRANSFORMS = [("ifft", 64, 65536, "float64"), ("rfft", 64, 65536, "float64"),
              ("rfft", 512, 8192, "float64"), ("ifft", 2048, 1024, "float64"),
              ("ifft", 64, 65536, "float32"), ("rfft", 64, 65536, "float32")]


def _arrays(kind, rows, length, dtype, rng):
    """Input (pristine copy kept by the caller) and output arrays of one transform."""
    import numpy as np
    real = np.dtype(dtype)
    cplx = np.result_type(real, np.complex64)
    width = length // 2 + 1
    if kind == "rfft":
        return rng.standard_normal((rows, length)).astype(real), np.empty((rows, width), cplx)
    shape = (rows, width) if kind == "irfft" else (rows, length)
    src = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(cplx)
    return src, (np.empty((rows, length), real) if kind == "irfft" else None)


def _prepared(backend, kind, rows, length, dtype, threads, rng):
    """``run()`` calling one backend transform on fresh input (refreshed from a pristine copy
    outside the timing: the complex transforms and ``irfft`` overwrite it); returns seconds."""
    import numpy as np

    from scatnet._core.fft.select import _instance
    src, out = _arrays(kind, rows, length, dtype, rng)
    work = src.copy()
    call = getattr(_instance(backend), kind)
    args = (work, threads) if out is None else (work, out, threads)

    def run():
        np.copyto(work, src)
        t0 = time.perf_counter()
        call(*args)
        return time.perf_counter() - t0
    return run


def time_transforms(backends, kind, rows, length, dtype, threads, runs, rng=None):
    """``{backend: [seconds] * runs}`` of one transform, after one call each (which also plans);
    the backends take turns in every round, so that a change of machine load hits them alike."""
    import numpy as np
    rng = rng or np.random.default_rng(1)
    runners = {b: _prepared(b, kind, rows, length, dtype, threads, rng) for b in backends}
    for run in runners.values():
        run()
    times = {b: [] for b in backends}
    for _ in range(runs):
        for b, run in runners.items():
            times[b].append(run())
    return times


def fft_bound(plan, K, dtype, workers, runs, backend="scipy"):
    """Seconds that ``backend`` alone takes for the plan's FFTs on (K·count, length) row stacks.

    Each entry ``(kind, count, length)`` of ``fft_plan`` is timed ``runs`` times after one
    warm-up (which also plans, for FFTW) with 1 thread and with ``workers`` threads, through the
    backend's own row transforms (outputs preallocated, complex transforms in place, as in the
    engine); the bound is the sum of the per-entry minima. Returns the bound and the per-entry
    lists of times.
    """
    import numpy as np
    rng = np.random.default_rng(1)
    per = []
    for kind, count, length in plan:
        ts = []
        for w in sorted({1, workers}):
            ts += time_transforms([backend], kind, K * count, length, dtype, w, runs, rng)[backend]
        per.append(ts)
    return sum(min(ts) for ts in per), per


def engine_times(case, K, dtype, backends, runs):
    """Times of one case (``run_bench.make_opts``; ``'S'``: ScatNet's audio ``scat``) per backend.

    Returns ``{backend: [seconds] * runs}`` (one untimed call per backend first: it plans, and
    ``'auto'`` measures) and ``{backend: FFT bound in seconds}`` (concrete backends only).
    """
    import run_bench

    import scatnet
    if case == "S":
        import scatnet_bench
        op, N = scatnet_bench.make_wop(), scatnet_bench.N
        plan = op.plan(N)[0].fft_plan()
        x = run_bench.signals(K, N, dtype)

        def call():
            return scatnet.scat(x, op)
    else:
        archs = scatnet.sc_setup(run_bench.make_opts(case))
        plan = run_bench.get_fft_plan(archs)
        x = run_bench.signals(K, archs.size, dtype)

        def call():
            return scatnet.sc_propagate(x, archs)
    times = {b: [] for b in backends}
    previous = scatnet.get_fft_backend()
    try:
        for r in range(runs + 1):
            for b in backends:
                scatnet.set_fft_backend(b)
                t0 = time.perf_counter()
                call()
                if r:
                    times[b].append(time.perf_counter() - t0)
    finally:
        scatnet.set_fft_backend(previous)
    bounds = {b: fft_bound(plan, K, dtype, os.cpu_count() or 1, runs, b)[0]
              for b in backends if b != "auto"}
    return times, bounds


def engine_report(specs, backends, runs):
    """Print and return the per-backend engine times of ``specs`` (``[(case, K)]``)."""
    import statistics
    header = ["case", "dtype", "K"] + [f"{b}: min ms / bound ms / x" for b in backends]
    header += ["fastest", "speed-up vs scipy"]
    rows, doc = [], []
    for case, K in specs:
        for dtype in ("float64", "float32"):
            times, bounds = engine_times(case, K, dtype, backends, runs)
            best = {b: min(ts) for b, ts in times.items()}
            doc.append({"case": case, "K": K, "dtype": dtype, "times_s": times, "bound_s": bounds,
                        "median_s": {b: statistics.median(ts) for b, ts in times.items()}})
            fastest = min(best, key=best.get)
            cells = [f"{best[b] * 1e3:.1f} / " + (f"{bounds[b] * 1e3:.1f} / {best[b] / bounds[b]:.2f}"
                                                  if b in bounds else "– / –") for b in backends]
            rows.append([case, dtype, K] + cells + [fastest, f"{best['scipy'] / best[fastest]:.2f}"])
            print(f"  {case} {dtype} K={K} done", flush=True)
    print(f"\nWhole transforms, fastest of {runs} calls per backend (backends taking turns); "
          "bound = that backend's FFT bound")
    _print_table(header, rows)
    return doc


def _print_table(header, rows):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(v).rjust(w) for v, w in zip(r, widths)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed calls per point (best is shown)")
    ap.add_argument("--json", help="also write the times to this JSON file")
    ap.add_argument("--cases", default="", help="whole transforms to time per backend, as CASE:K "
                    "pairs (e.g. A:64,B:64,G:8,H:2,S:64); none by default")
    ap.add_argument("--engine-runs", type=int, default=3, help="timed calls per case and backend")
    ap.add_argument("--no-table", action="store_true", help="skip the transform table")
    args = ap.parse_args(argv)
    import scatnet
    backends = scatnet.available_fft_backends()
    cores = os.cpu_count() or 1
    header = ["transform", "threads"] + [f"{b} ms" for b in backends] + ["best"]
    rows, doc = [], []
    for kind, n_rows, length, dtype in ([] if args.no_table else TRANSFORMS):
        for threads in sorted({1, cores}):
            times = time_transforms(backends, kind, n_rows, length, dtype, threads, args.runs)
            best = {b: min(ts) for b, ts in times.items()}
            doc.append({"kind": kind, "rows": n_rows, "length": length, "dtype": dtype,
                        "threads": threads, "best_s": best})
            fastest = min(best, key=best.get)
            rows.append([f"{kind} {n_rows}×{length} {dtype}", threads]
                        + [f"{best[b] * 1e3:.1f}" for b in backends]
                        + [f"{fastest} ({best['scipy'] / best[fastest]:.2f}× pocketfft)"])
    if rows:
        print(f"FFT backends, best of {args.runs} calls (rows along the last axis, outputs "
              "preallocated)")
        _print_table(header, rows)
    engine = []
    if args.cases:
        specs = [(c.split(":")[0].strip().upper(), int(c.split(":")[1])) for c in args.cases.split(",")]
        engine = engine_report(specs, backends + (["auto"] if len(backends) > 1 else []),
                               args.engine_runs)
    if args.json:
        Path(args.json).write_text(json.dumps({"transforms": doc, "engine": engine}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
