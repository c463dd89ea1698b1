"""ScatNet benchmark: ``scat`` with the audio defaults against its FFT bound and ScatNet in Octave.

Case S: ``filt_opt = default_filter_options('audio', 4096); Wop = wavelet_factory_1d(65536,
filt_opt); S = scat(x, Wop)`` (M = 2, Q = [8 1]) on K = 1, 16, 64 random signals, float64 and
float32, with every installed FFT backend (``--backends``). For each point: the median time of
``scat`` (5 runs after a warm-up), the *FFT bound* (that backend alone performing exactly the
transforms of the execution plan, batched over the K signals, best thread count per transform:
``bench/fft_backends.py``'s ``fft_bound``), their ratio, and the peak RSS of the process (each
point runs in its own subprocess). float32 is compared
with float64. When GNU Octave is installed and ScatNet's source is found (``SCATNET_DIR``,
default ``../shared/upstream/scatnet``), ScatNet itself runs, unmodified, on the same input
(K = 1 and 16, ``x`` as N × 1 × K) and its S is compared with ours.

    .venv/bin/python bench/scatnet_bench.py [--quick] [--no-octave] [--backends scipy,fftw]

Targets (issue 10): ≥ 20× faster than ScatNet in Octave; ≤ 1.6× the FFT bound at K = 64;
float32 within 1e-5 of float64.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run_bench  # after the sys.path insert (fft_bound, timed_runs, maxrss_bytes, machine_info)

N, T = 65536, 4096
MARK = "@@SCATNET_BENCH@@ "


def make_wop():
    from scatnet import default_filter_options, wavelet_factory_1d
    return wavelet_factory_1d(N, default_filter_options("audio", T))[0]


def child(K, dtype, runs, backend="scipy"):
    """One point in a fresh process: scat times, FFT bound, peak RSS."""
    import numpy as np

    from scatnet import scat, set_fft_backend
    set_fft_backend(backend)
    t0 = time.perf_counter()
    Wop = make_wop()
    setup = time.perf_counter() - t0
    x = np.random.default_rng(0).standard_normal((K, N)).astype(dtype)
    times = run_bench.timed_runs(lambda: scat(x, Wop), runs)
    peak = run_bench.maxrss_bytes()
    plan = Wop.plan(N)[0].fft_plan()
    fft_s, _ = run_bench.fft_bound(plan, K, dtype, os.cpu_count() or 1, runs, backend)
    return {"K": K, "dtype": dtype, "backend": backend, "setup_s": setup, "times": times,
            "fft_s": fft_s, "peak_rss": peak}


def run_child(K, dtype, runs, backend):
    run_bench.wait_for_quiet(60)
    cmd = [sys.executable, __file__, "--child", json.dumps([K, dtype, runs, backend])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    raise RuntimeError(f"child failed: {out.stderr[-2000:]}")


def float32_agreement():
    import numpy as np

    from scatnet import scat
    Wop = make_wop()
    x = np.random.default_rng(1).standard_normal((4, N))
    S64, S32 = scat(x, Wop), scat(x.astype(np.float32), Wop)
    return max(float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
               for l64, l32 in zip(S64, S32) for a, b in zip(l32.signal, l64.signal))


_OCTAVE = r"""
addpath(genpath('{src}'));
load('{inp}');
N = size(x, 1);
t0 = tic; filt_opt = default_filter_options('audio', {T});
[Wop, filters] = wavelet_factory_1d(N, filt_opt); setup = toc(t0);
S = scat(x, Wop);
times = zeros(1, {runs});
for r = 1:{runs}, t0 = tic; S = scat(x, Wop); times(r) = toc(t0); end
rows = {{}};
for m = 1:numel(S), for p = 1:numel(S{{m}}.signal), rows{{end+1}} = S{{m}}.signal{{p}}; end, end
save('-v7', '{out}', 'times', 'setup', 'rows');
"""


def octave_point(K, runs, src):
    """ScatNet in Octave on K signals; returns its times and the max relative error of ours."""
    import numpy as np
    import scipy.io

    from scatnet import scat
    x = np.random.default_rng(2).standard_normal((K, N))
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "x.mat", Path(tmp) / "out.mat"
        scipy.io.savemat(inp, {"x": x.T.reshape(N, 1, K)})
        script = _OCTAVE.format(src=src, inp=inp, out=out, T=T, runs=runs)
        subprocess.run(["octave-cli", "--no-gui", "--eval", script], check=True,
                       capture_output=True, text=True, cwd=tmp)
        r = scipy.io.loadmat(out, simplify_cells=True)
    ours = [s for layer in scat(x, make_wop()) for s in layer.signal]
    err = max(float(np.max(np.abs(a - np.asarray(b).reshape(-1, K).T.squeeze()))
                    / np.max(np.abs(b))) for a, b in zip(ours, r["rows"]))
    return {"K": K, "times": list(np.atleast_1d(r["times"])), "setup_s": float(r["setup"]),
            "max_rel_error_vs_scatnet": err}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="K = 1 and 4, 2 runs")
    ap.add_argument("--no-octave", action="store_true", help="skip ScatNet in Octave")
    ap.add_argument("--backends", default="installed",
                    help="comma-separated FFT backends (default: every installed one)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(MARK + json.dumps(child(*json.loads(args.child))))
        return 0
    import statistics

    import scatnet
    backends = (scatnet.available_fft_backends() if args.backends == "installed"
                else [b.strip() for b in args.backends.split(",")])
    runs = 2 if args.quick else 5
    Ks = (1, 4) if args.quick else (1, 16, 64)
    rows, results = [], {"machine": run_bench.machine_info(), "points": [], "octave": []}
    for K in Ks:
        for dtype in ("float64", "float32"):
            for backend in backends:
                p = run_child(K, dtype, runs, backend)
                results["points"].append(p)
                t = statistics.median(p["times"])
                ref = statistics.median(results["points"][-1 - backends.index(backend)]["times"])
                rows.append([K, dtype, backend, f"{t * 1e3:.1f}", f"{K / t:.1f}",
                             f"{p['fft_s'] * 1e3:.1f}", f"{t / p['fft_s']:.2f}",
                             f"{ref / t:.2f}", f"{p['peak_rss'] / 2 ** 20:.0f}"])
    print(f"case S: default_filter_options('audio', {T}), N = {N}, M = 2")
    print(run_bench.table(["K", "dtype", "FFT", "ms/call", "signals/s", "FFT bound ms", "x bound",
                           f"speed-up vs {backends[0]}", "peak RSS MiB"], rows))
    results["float32_vs_float64"] = agreement = float32_agreement()
    print(f"float32 vs float64: max relative error {agreement:.1e}")
    src = Path(os.environ.get("SCATNET_DIR", HERE.parent.parent / "shared" / "upstream" / "scatnet"))
    if not args.no_octave and shutil.which("octave-cli") and (src / "core" / "scat.m").exists():
        ours = {p["K"]: statistics.median(p["times"]) for p in results["points"]
                if p["dtype"] == "float64" and p["backend"] == backends[0]}
        for K in ((1,) if args.quick else (1, 16)):
            o = octave_point(K, 2 if args.quick else 3, src)
            results["octave"].append(o)
            t = statistics.median(o["times"])
            mine = ours.get(K)
            speed = f"{t / mine:.0f}× faster" if mine else "n/a"
            print(f"ScatNet in Octave, K = {K}: {t:.2f} s/call (setup {o['setup_s']:.2f} s); "
                  f"scatnet float64: {speed}; max relative difference {o['max_rel_error_vs_scatnet']:.1e}")
    else:
        print("ScatNet in Octave: skipped (needs octave-cli and SCATNET_DIR)")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    path = out / f"scatnet-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
