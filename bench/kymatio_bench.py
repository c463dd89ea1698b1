"""Kymatio benchmark: ``scatnet.kymatio.Scattering1D`` against Kymatio 0.3.0's NumPy frontend.

Kymatio's benchmark setting: ``Scattering1D(J=10, shape=65536, Q=8)`` (second order, T = 2**10,
signals padded to 2**17) on K = 8 and 64 standard normal signals, float64 and float32. Each point
runs in a fresh subprocess: the constructor time, then the median of the timed calls after one
warm-up (ours), or of the timed calls (Kymatio: no warm-up, no JIT), the peak RSS, and for ours the
*FFT bound* (scipy.fft alone performing the transforms of the execution plan, ``run_bench.py``'s
``fft_bound``). Kymatio runs on the same machine in the same run, on the same inputs; its outputs
are compared with ours path by path (``max|a − b| / max|b|``).

    .venv/bin/python bench/kymatio_bench.py [--quick]

Target (issue 11): ≥ 15× faster than Kymatio 0.3.0 NumPy at K = 8 and 64.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run_bench

SETTING = {"J": 10, "Q": 8, "shape": 65536}
MARK = "@@KYMATIO_BENCH@@ "


def signals(K, dtype):
    import numpy as np
    return np.random.default_rng(0).standard_normal((K, SETTING["shape"])).astype(dtype)


def child(who, K, dtype, runs):
    """One point in a fresh process: constructor, call times, peak RSS (and FFT bound, error)."""
    import numpy as np
    x = signals(K, dtype)
    if who == "kymatio":
        import kymatio
        from kymatio.scattering1d.frontend.numpy_frontend import ScatteringNumPy1D as Scattering
        version = kymatio.__version__
    else:
        import scatnet
        from scatnet.kymatio import Scattering1D as Scattering
        version = scatnet.__version__
    t0 = time.perf_counter()
    sc = Scattering(**SETTING)
    out = {"who": who, "version": version, "K": K, "dtype": dtype,
           "ctor_s": time.perf_counter() - t0}
    if who == "kymatio":
        times, y = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            y = sc(x)
            times.append(time.perf_counter() - t0)
        out["times"] = times
        np.save(os.environ["KYMATIO_BENCH_OUT"], y[:min(K, 4)])
    else:
        out["times"] = run_bench.timed_runs(lambda: sc(x), runs)
        y = sc(x)
    out["out_shape"], out["out_dtype"] = list(y.shape), str(y.dtype)
    out["peak_rss"] = run_bench.maxrss_bytes()
    if who == "scatnet":
        ref = np.load(os.environ["KYMATIO_BENCH_OUT"]) if os.path.exists(
            os.environ["KYMATIO_BENCH_OUT"]) else None
        if ref is not None:
            a, b = y[:len(ref)], ref
            out["max_rel_error_vs_kymatio"] = float(max(
                np.abs(a[:, c] - b[:, c]).max() / np.abs(b[:, c]).max() for c in range(b.shape[1])))
        plan = sc._plan().plan.fft_plan()
        out["fft_s"], _ = run_bench.fft_bound(plan, K, dtype, os.cpu_count() or 1, min(runs, 3))
    return out


def run_child(who, K, dtype, runs, ref_path):
    cmd = [sys.executable, __file__, "--child", json.dumps([who, K, dtype, runs])]
    env = dict(os.environ, KYMATIO_BENCH_OUT=str(ref_path))
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    for line in res.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError(f"{who} K={K} {dtype} failed: {res.stderr[-2000:]}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="K = 8 only, fewer runs")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(MARK + json.dumps(child(*json.loads(args.child))))
        return 0
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    Ks = (8,) if args.quick else (8, 64)
    results = {"machine": run_bench.machine_info(), "setting": SETTING, "points": []}
    rows = []
    for K in Ks:
        for dtype in ("float64", "float32"):
            ref = out_dir / f".kymatio-ref-{stamp}-{K}-{dtype}.npy"
            kym_runs = 1 if (args.quick or K > 8) else 3
            kym = run_child("kymatio", K, dtype, kym_runs, ref)
            ours = run_child("scatnet", K, dtype, 2 if args.quick else 5, ref)
            ref.unlink(missing_ok=True)
            results["points"] += [kym, ours]
            tk, to = statistics.median(kym["times"]), statistics.median(ours["times"])
            rows.append([K, dtype, f"{tk:.2f}", f"{to * 1e3:.0f}", f"{tk / to:.1f}×",
                         f"{ours['fft_s'] * 1e3:.0f}", f"{to / ours['fft_s']:.2f}",
                         f"{ours.get('max_rel_error_vs_kymatio', float('nan')):.1e}",
                         f"{kym['peak_rss'] / 2 ** 20:.0f} / {ours['peak_rss'] / 2 ** 20:.0f}",
                         f"{kym['ctor_s']:.2f} / {ours['ctor_s']:.2f}"])
    print(f"Kymatio setting J={SETTING['J']}, Q={SETTING['Q']}, N={SETTING['shape']} (order 2): "
          f"Kymatio {results['points'][0]['version']} NumPy vs scatnet.kymatio, "
          f"{os.cpu_count()} cores")
    print(run_bench.table(["K", "dtype", "Kymatio s/call", "scatnet ms/call", "speed-up",
                           "FFT bound ms", "x bound", "max rel err", "peak RSS MiB (K / s)",
                           "ctor s (K / s)"], rows))
    print("Kymatio computes in float64 whatever the input (float64 filters); its float32 row "
          "times a float32 input.")
    path = out_dir / f"kymatio-{stamp}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
