"""Where does sc_propagate's time go? A diagnostic companion of run_bench.py (not run by ``make bench``).

Usage::

    python bench/profile_stages.py                       # case A, K=64, float64 and float32
    python bench/profile_stages.py --case B --K 64 --dtype float32
    python bench/profile_stages.py --setup E             # cProfile of a cold sc_setup
    python bench/profile_stages.py --backend fftw        # with another FFT backend

Method: the engine's calls are wrapped with timers, without editing scatnet:

* the FFTs that ``scatnet._core.engine`` calls (``rfft_into``: rfft into the work buffer;
  ``rfft``: rfft into a new array, float32 without scipy's binding; ``irfft``; ``ifft_inplace``)
  are wrapped, whichever FFT backend runs them (``--backend``);
* ``scatnet.kernels.multiply_resample`` (split into the blur calls, ``hermitian=True``, and the
  scatter calls), ``scatnet.kernels.modulus`` / ``uniform_log`` are wrapped, with their
  ``.serial`` twins;
* ``scatnet.scattering_m.propagate.build_layers`` (the S containers) and
  ``scatnet._core.engine.apply_step`` (kernel calls plus the allocation of their output spectra)
  are wrapped.

"other" is the instrumented total minus everything timed: Python overhead, the copies into the
output arrays, allocations outside ``apply_step``. The uninstrumented median is printed alongside
to show the cost of the timers themselves. The FFT bound (the same FFT backend alone on
(K·count, length) arrays, as in run_bench.py) is printed for comparison with the FFT time
measured in place.
"""
import argparse
import collections
import copy
import cProfile
import functools
import importlib.util
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if importlib.util.find_spec("scatnet") is None:
    sys.path.append(str(HERE.parent))

import run_bench  # bench/run_bench.py: case options, signals, fft_bound

perf = time.perf_counter


class Timers:
    def __init__(self):
        self.t = collections.defaultdict(float)
        self.n = collections.defaultdict(int)
        self.bytes = collections.defaultdict(int)

    def wrap(self, name, fn, name_of=None, bytes_of=None):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            key = name_of(args, kwargs) if name_of else name
            t0 = perf()
            try:
                return fn(*args, **kwargs)
            finally:
                self.t[key] += perf() - t0
                self.n[key] += 1
                if bytes_of:
                    self.bytes[key] += bytes_of(args, kwargs)
        return timed

    def reset(self):
        self.t.clear()
        self.n.clear()
        self.bytes.clear()


def instrument(timers):
    """Install the timing wrappers; returns a function that removes them."""
    import scatnet._core.engine as E
    import scatnet.kernels as K
    import scatnet.scattering_m.propagate as P
    saved = []

    def patch(mod, name, new):
        if hasattr(mod, name):
            saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, new)

    def out_bytes(a, k):
        return a[13].nbytes if len(a) > 13 else 0

    def kernel(name, label, bytes_of=None, name_of=None):
        fn = getattr(K, name)
        wrapped = timers.wrap(label, fn, bytes_of=bytes_of, name_of=name_of)
        wrapped.serial = timers.wrap(label, fn.serial, bytes_of=bytes_of, name_of=name_of)
        patch(K, name, wrapped)

    kernel("multiply_resample", "multiply_resample", bytes_of=out_bytes,
           name_of=lambda a, k: "kernel multiply_resample " + (
               "(blur → S)" if (a[15] if len(a) > 15 else k.get("hermitian")) else "(scatter → Y)"))
    kernel("modulus", "kernel modulus", bytes_of=lambda a, k: a[0].nbytes + a[1].nbytes)
    kernel("uniform_log", "kernel uniform_log")
    for name, label in (("rfft_into", "fft rfft (into the work buffer)"), ("rfft", "fft rfft"),
                        ("irfft", "fft irfft")):
        patch(E, name, timers.wrap(label, getattr(E, name), bytes_of=lambda a, k: a[0].nbytes))
    patch(E, "ifft_inplace", timers.wrap("fft ifft (in place)", E.ifft_inplace,
                                         bytes_of=lambda a, k: a[0].nbytes))
    patch(P, "build_layers", timers.wrap("build_layers (S containers)", P.build_layers))
    patch(E, "apply_step", timers.wrap("apply_step (kernels + output alloc)", E.apply_step))

    def undo():
        for mod, name, old in reversed(saved):
            setattr(mod, name, old)
    return undo


def profile_propagate(case, K, dtype, runs, N=None):
    import numpy as np  # noqa: F401

    from scatnet import sc_propagate, sc_setup
    archs = sc_setup(copy.deepcopy(run_bench.make_opts(case, N)))
    x = run_bench.signals(K, archs.size, dtype)
    plain = run_bench.timed_runs(lambda: sc_propagate(x, archs), runs)
    timers = Timers()
    undo = instrument(timers)
    try:
        sc_propagate(x, archs)               # warm-up of the wrapped path
        best = None
        for _ in range(runs):                # keep the fastest run: the least disturbed one
            timers.reset()
            t0 = perf()
            sc_propagate(x, archs)
            total = perf() - t0
            if best is None or total < best[0]:
                best = (total, dict(timers.t), dict(timers.n), dict(timers.bytes))
    finally:
        undo()
    total = best[0]
    timers.t, timers.n, timers.bytes = (collections.defaultdict(int, d) for d in best[1:])
    runs_shown = runs
    runs = 1
    workers = os.cpu_count() or 1
    from scatnet import get_fft_backend
    backend = get_fft_backend()
    bound, _ = run_bench.fft_bound(run_bench.get_fft_plan(archs), K, dtype, workers, runs_shown,
                                   backend)
    print(f"\ncase {case}, K={K}, N={archs.size}, {dtype}, workers={workers}, FFT {backend}: sc_propagate "
          f"median {statistics.median(plain) * 1e3:.1f} ms, min {min(plain) * 1e3:.1f} ms "
          f"uninstrumented; fastest of {runs_shown} instrumented runs {total * 1e3:.1f} ms (shown); "
          f"FFT bound {bound * 1e3:.1f} ms")
    rows, timed = [], 0.0
    apply_key = "apply_step (kernels + output alloc)"
    kernel_in_apply = sum(v for k, v in timers.t.items() if k.startswith("kernel multiply"))
    for key in sorted(timers.t, key=lambda k: -timers.t[k]):
        t = timers.t[key] / runs
        if key == apply_key:
            continue
        timed += t
        gbs = timers.bytes[key] / runs / t / 1e9 if timers.bytes.get(key) else None
        rows.append([key, f"{t * 1e3:.1f}", f"{100 * t / total:.1f}", timers.n[key] // runs,
                     f"{t / max(1, timers.n[key] // runs) * 1e3:.3f}",
                     f"{gbs:.2f}" if gbs else ""])
    if apply_key in timers.t:
        t = (timers.t[apply_key] - kernel_in_apply) / runs
        timed += t
        rows.append(["apply_step minus its kernels (alloc, Python)", f"{t * 1e3:.1f}",
                     f"{100 * t / total:.1f}", timers.n[apply_key] // runs, "", ""])
    rows.append(["other (copies, Python, allocations)", f"{(total - timed) * 1e3:.1f}",
                 f"{100 * (total - timed) / total:.1f}", "", "", ""])
    fft_in_place = sum(v for k, v in timers.t.items() if k.startswith("fft ")) / runs
    print(run_bench.table(["stage", "ms", "%", "calls", "ms/call",
                           "GB/s (fft: input, kernel: output)"], rows))
    print(f"FFTs in place {fft_in_place * 1e3:.1f} ms vs bound {bound * 1e3:.1f} ms "
          f"(engine blocks: {run_bench_block(archs, K, dtype)} signals); everything that is not "
          f"an FFT: {(total - fft_in_place) * 1e3:.1f} ms = {(total - fft_in_place) / total:.0%}")
    return {"total": total, "plain": plain, "bound": bound, "timers": dict(timers.t),
            "calls": dict(timers.n)}


def run_bench_block(archs, K, dtype):
    try:
        from scatnet._core.memory import block_size
        from scatnet.scattering_m.propagate import MEMORY_BUDGET, get_walk
        return block_size(get_walk(archs), K, dtype, MEMORY_BUDGET)
    except Exception:  # noqa: BLE001
        return "?"


def micro(K, dtype, runs):
    """Micro-benchmarks behind the stage table: the modulus kernel against alternatives, and the
    cost of writing into freshly allocated (page-faulting) arrays against reused ones."""
    import numba
    import numpy as np

    import scatnet.kernels as K_
    real = np.dtype(dtype)
    cplx = np.result_type(real, np.complex64)
    shape = (K, 17, 65536)                   # the largest Y group of case A, (K, rows, time)
    rng = np.random.default_rng(0)
    Y = rng.standard_normal(shape + (2,), dtype=real).view(cplx)[..., 0].copy()
    U = np.empty(shape, dtype=real)

    @numba.njit(parallel=True, cache=False)
    def modulus_sqrt(Y, out):
        B, R, M = Y.shape
        for t in numba.prange(B * R):
            y = Y[t // R, t % R]
            o = out[t // R, t % R]
            for i in range(M):
                o[i] = np.sqrt(y[i].real * y[i].real + y[i].imag * y[i].imag)

    def best(fn):
        return min(run_bench.timed_runs(fn, runs))

    n = Y.size
    rows = []
    for name, fn in (("scatnet.kernels.modulus", lambda: K_.modulus(Y.reshape(-1), U.reshape(-1))),
                     ("numpy np.abs(Y, out=U)", lambda: np.abs(Y, out=U)),
                     ("numba sqrt(re²+im²), parallel", lambda: modulus_sqrt(Y, U))):
        t = best(fn)
        rows.append([name, f"{t * 1e3:.1f}", f"{t / n * 1e9:.2f}", f"{(Y.nbytes + U.nbytes) / t / 1e9:.1f}"])
    ref = np.empty_like(U)
    K_.modulus(Y.reshape(-1), ref.reshape(-1))
    modulus_sqrt(Y, U)
    diff = float(np.max(np.abs(U - ref) / np.maximum(np.abs(ref), np.finfo(real).tiny)))
    np.abs(Y, out=U)
    diff_np = float(np.max(np.abs(U - ref) / np.maximum(np.abs(ref), np.finfo(real).tiny)))
    t_fresh = best(lambda: np.ones(shape, dtype=cplx))        # malloc + first touch + fill
    buf = np.empty(shape, dtype=cplx)
    t_reuse = best(lambda: buf.fill(1))
    rows.append([f"fill a fresh {Y.nbytes / 2 ** 20:.0f} MiB array (page faults)",
                 f"{t_fresh * 1e3:.1f}", f"{t_fresh / n * 1e9:.2f}", f"{Y.nbytes / t_fresh / 1e9:.1f}"])
    rows.append(["fill the same array again (reused buffer)", f"{t_reuse * 1e3:.1f}",
                 f"{t_reuse / n * 1e9:.2f}", f"{Y.nbytes / t_reuse / 1e9:.1f}"])
    print(f"\nmicro-benchmarks on {shape} {np.dtype(cplx).name} (best of {runs}; "
          f"{numba.get_num_threads()} numba threads)")
    print(run_bench.table(["operation", "ms", "ns/elem", "GB/s"], rows))
    print(f"max relative difference to scatnet's modulus: sqrt {diff:.1e}, numpy {diff_np:.1e}")


def profile_setup(case, top):
    import scatnet
    from scatnet import sc_setup
    opts = run_bench.make_opts(case)
    sc_setup(copy.deepcopy(opts))                # imports, first-call costs
    scatnet.clear_cache()
    pr = cProfile.Profile()
    t0 = perf()
    pr.enable()
    sc_setup(copy.deepcopy(opts))
    pr.disable()
    print(f"\ncold sc_setup of case {case}: {perf() - t0:.3f} s (under cProfile)")
    for key in ("cumulative", "tottime"):
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats(key).print_stats(top)
        text = s.getvalue()
        print(f"--- top {top} by {key}")
        print(text[text.find("   ncalls"):].rstrip())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--case", default="A")
    ap.add_argument("--K", type=int, default=64)
    ap.add_argument("--N", type=int, default=None, help="signal length (cases A/F only)")
    ap.add_argument("--dtype", default="float64,float32")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--setup", metavar="CASE", help="profile a cold sc_setup of CASE instead")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--micro", action="store_true", help="also run the micro-benchmarks")
    ap.add_argument("--backend", default="scipy", help="FFT backend (scatnet.set_fft_backend)")
    args = ap.parse_args(argv)
    from scatnet import set_fft_backend
    set_fft_backend(args.backend)
    if args.setup:
        profile_setup(args.setup.upper(), args.top)
        return 0
    for dt in args.dtype.split(","):
        profile_propagate(args.case.upper(), args.K, dt.strip(), args.runs, args.N)
    if args.micro:
        for dt in args.dtype.split(","):
            micro(min(args.K, 8), dt.strip(), max(args.runs, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
