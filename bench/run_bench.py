"""scatnet benchmark suite (``make bench``).

Usage::

    python bench/run_bench.py                 # every case (~10 min on 2 cores)
    python bench/run_bench.py --quick         # short smoke run (small K, short sweeps)
    python bench/run_bench.py --cases A,B     # selected cases (A … F)
    python bench/run_bench.py --backends scipy,fftw   # FFT backends compared (default: installed)

Every measurement point runs in a fresh subprocess of this script (``--single JOB``) so that the
peak RSS of one case does not mix with another's; the parent collects the results, prints the
tables and the targets block, and writes ``bench/results/<timestamp>.json``. See bench/README.md
for what each column means and how the FFT bound is computed. Cases A, B, G and H (and the
checks) also run with each other FFT backend of ``--backends`` (column *FFT*).
"""
import argparse
import copy
import datetime
import importlib.util
import itertools
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if importlib.util.find_spec("scatnet") is None:  # runnable without installing scatnet
    sys.path.append(str(ROOT))

from fft_backends import fft_bound  # bench/ is on sys.path when run as a script

MARK = "@@BENCH_RESULT@@ "
MiB = 2 ** 20
perf = time.perf_counter
CASE_NAMES = "ABCDEFGHR"
#: The reference FFT backend: every case runs with it; the others run the cases below.
DEFAULT_BACKEND = "scipy"
BACKEND_CASES = "ABGH"


# --------------------------------------------------------------------------- case definitions

def make_opts(case, N=None):
    """scattering.m options of a case (``N`` only for the sweeps of case F)."""
    from scatnet import default_auditory
    if case in ("A", "F"):
        N = N or 65536
        return [default_auditory(N, 22050, 8), {"time": {}}]
    if case == "B":
        return [{"time": {"size": 65536, "T": 1024, "max_Q": 8, "U_log2_oversampling": 0,
                          "is_chunked": False}},
                {"time": {"wavelet_handle": "morlet_1d", "U_log2_oversampling": 0}}]
    if case == "C":
        return [{"time": {"size": 16384, "T": 1024, "max_Q": 8, "is_chunked": False}},
                {"time": {"max_Q": 2}}, {"time": {}}]
    if case == "D":
        return [{"time": {"size": 65536, "T": 1024, "max_Q": 8, "max_scale": 512,
                          "wavelet_handle": "gammatone_1d", "is_chunked": False}}]
    if case == "E":
        return [{"time": {"size": 131072, "T": 32768, "max_Q": 16, "is_chunked": False}},
                {"time": {}}]
    if case == "G":
        return [default_auditory(65536, 22050, 8), {"time": {}, "gamma": {}}]
    if case == "H":
        return [default_auditory(65536, 22050, 8), {"time": {}, "gamma": {}, "j": {}}]
    if case == "R":
        return research_spiral(N or 65536)
    raise ValueError(case)


def research_spiral(N=65536):
    """Case R: the spiral set-up of a real research script at 2^16 samples.

    The option lines of scattering.m's reconstruction experiments on bird calls (the
    ``accipiter`` recspiral/TSP scripts: ``T = N/8``, 16 filters per octave on 64 bands, a Morlet
    second order with ``sibling_mask_factor = 2``, Morlet along γ with ``T = 16``, 2 filters per
    octave and a 1 dB cutoff, a bypassed Morlet along octaves with ``T = 4``; the ``has_duals``
    lines only matter for their reconstruction).
    """
    T = N // 8
    return [{"time": {"size": N, "T": T, "max_Q": 16, "nFilters_per_octave": 16,
                      "gamma_bounds": [1, 64]}},
            {"time": {"T": T, "max_scale": float("inf"), "wavelet_handle": "morlet_1d",
                      "sibling_mask_factor": 2, "max_Q": 1},
             "gamma": {"T": 16, "wavelet_handle": "morlet_1d", "nFilters_per_octave": 2,
                       "max_Q": 1, "cutoff_in_dB": 1.0},
             "j": {"invariance": "bypassed", "T": 4, "phi_bw_multiplier": 1,
                   "wavelet_handle": "morlet_1d"}}]


#: Kymatio 0.3.0 setting matching case B (J = log2 T, Q = max_Q, shape = N).
KYMATIO_B = {"J": 10, "Q": 8, "N": 65536}
#: Kymatio constructor matching case E.
KYMATIO_E = {"J": 15, "Q": 16, "N": 131072}

CASE_TITLES = {
    "A": "default_auditory(65536, 22050, 8) + {time:{}} (2 orders)",
    "B": "Kymatio setting: Morlet T=1024 Q=(8,1), N=65536, no oversampling",
    "C": "3rd order, Q=(8,2,1), T=1024, N=16384",
    "D": "Gammatone 1st order, Q=8, max_scale=512, T=1024, N=65536",
    "E": "setup alone: N=2^17, T=2^15, max_Q=16",
    "F": "scaling: K sweep at N=65536, N sweep at K=4 (case-A options)",
    "G": "joint time-frequency: case A + opts[1]['gamma'] = {}",
    "H": "spiral: case A + opts[1]['gamma'] = {}, opts[1]['j'] = {}",
    "R": "research spiral (recspiral-style, N=2^16, 64 bands x 16/octave, 2nd order gamma+j)",
}


def plan_jobs(cases, quick, runs, backends=(DEFAULT_BACKEND,)):
    """The list of measurement jobs (JSON-serialisable dicts) for the selected cases.

    Every job runs with :data:`DEFAULT_BACKEND`; the propagation jobs of :data:`BACKEND_CASES`
    and the checks are repeated with each other backend (without the per-order stages).
    """
    r = runs if runs else (2 if quick else 5)
    rk = 1 if quick else 2           # Kymatio's NumPy frontend takes ~20 s per call at K=64
    both = ["float64", "float32"]
    jobs = []

    def prop(case, K, dtype, N=None, stages=True, fft=True, sweep=None, dtypes=None):
        return {"kind": "prop", "case": case, "K": K, "N": N, "dtypes": dtypes or [dtype],
                "stages": stages, "fft": fft, "runs": r, "sweep": sweep}

    if "A" in cases:
        for K in ((1, 8) if quick else (1, 8, 64)):
            for dt in both:
                jobs.append(prop("A", K, dt))
        jobs.append({"kind": "checks", "case": "A", "K": 8})
    if "B" in cases:
        KB = 4 if quick else 64
        for dt in both:
            jobs.append({**prop("B", KB, dt), "one_thread": True})
        jobs.append({"kind": "kymatio", "case": "B", "K": KB, "runs": rk, **KYMATIO_B})
    if "C" in cases:
        for dt in both:
            jobs.append(prop("C", 4 if quick else 32, dt))
    if "D" in cases:
        for dt in both:
            jobs.append(prop("D", 2 if quick else 16, dt))
    for case in ("G", "H"):
        if case in cases:
            for K in ((1,) if quick else (1, 8)):
                for dt in both:
                    jobs.append(prop(case, K, dt, stages=not quick))
    if "R" in cases:
        for dt in both:
            jobs.append(dict(prop("R", 1, dt, stages=False), runs=1 if quick else 2))
    if "E" in cases:
        jobs.append({"kind": "setup", "case": "E", "runs": 2 if quick else 5})
        if not quick:
            jobs.append({"kind": "kymatio_ctor", "case": "E", **KYMATIO_E})
    for backend in backends:
        if backend == DEFAULT_BACKEND:
            continue
        jobs += [dict(j, backend=backend, stages=False) for j in list(jobs)
                 if j["kind"] in ("prop", "checks") and j["case"] in BACKEND_CASES
                 and j.get("backend", DEFAULT_BACKEND) == DEFAULT_BACKEND]
    if "F" in cases:
        # Sweep points run float32 then float64 in one process (one setup: ~25 s at N = 2^20);
        # the peak RSS read after each phase is that dtype's peak as long as float64 ≥ float32.
        Ks = (1, 4, 16) if quick else (1, 4, 16, 64, 256)
        Ns = [2 ** e for e in ((12, 13, 14) if quick else range(12, 21))]
        # Points identical to an already measured one (same options, K and dtype) are reused.
        a_Ks = {j["K"] for j in jobs if j["kind"] == "prop" and j["case"] == "A"}
        for K in Ks:
            if K in a_Ks:
                jobs.append({"kind": "reuse", "sweep": "K", "K": K, "N": 65536, "source": "A"})
            else:
                jobs.append(prop("F", K, None, N=65536, stages=False, fft=False, sweep="K",
                                 dtypes=["float32", "float64"]))
        for N in Ns:
            if N == 65536 and 4 in Ks:
                jobs.append({"kind": "reuse", "sweep": "N", "K": 4, "N": N, "source": "F"})
            else:
                jobs.append(prop("F", 4, None, N=N, stages=False, fft=False, sweep="N",
                                 dtypes=["float32", "float64"]))
    return jobs


# --------------------------------------------------------------------------- child side

def maxrss_bytes():
    """Peak resident set size of this process so far (bytes)."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r if sys.platform == "darwin" else r * 1024


def current_rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def timed_runs(fn, runs, warm=1):
    """``warm`` untimed calls, then ``runs`` timed calls (results dropped at once); seconds."""
    for _ in range(warm):
        fn()
    out = []
    for _ in range(runs):
        t0 = perf()
        fn()
        out.append(perf() - t0)
    return out


def signals(K, N, dtype, seed=0):
    import numpy as np
    return np.random.default_rng(seed).standard_normal((K, N), dtype=np.dtype(dtype))


def s_tensors(S):
    return [t.data for m in range(len(S)) for t in S[m]]


def _sub_bound(plan, per, subset):
    """The FFT bound of ``subset`` (a sub-list of ``plan``, in order) from ``plan``'s entry times."""
    total, i = 0.0, 0
    for entry, ts in zip(plan, per):
        if i < len(subset) and tuple(subset[i]) == tuple(entry):
            total += min(ts)
            i += 1
    return total


def get_fft_plan(archs, joint=True):
    """``archs.walk().fft_plan(joint)`` (with ``joint=False``: the transforms along time only)."""
    import scatnet.scattering_m.propagate as P
    walk = P.get_walk(archs)
    if hasattr(walk, "fft_plan"):
        try:
            return [tuple(e) for e in walk.fft_plan(joint=joint)]
        except TypeError:  # an older plan without the joint FFTs
            return [tuple(e) for e in walk.fft_plan()]
    plan = []
    for lw in P.get_walk(archs).layers:
        plan += [("rfft", len(g.rows), g.length) for g in lw.groups]
        blur = lw.blur.out_groups[0]
        plan.append(("irfft", len(blur.rows), blur.length))
        if lw.scatter is not None:
            plan += [("ifft", len(g.rows), g.length) for g in lw.scatter.out_groups]
    return plan


def child_prop(job):
    import numpy as np

    import scatnet
    from scatnet import sc_format, sc_propagate, sc_setup
    from scatnet.scattering_m.propagate import get_walk
    backend = job.get("backend", DEFAULT_BACKEND)
    scatnet.set_fft_backend(backend)
    out = {"rss_base": maxrss_bytes()}
    if job["case"] == "R":  # libraries loaded (numba kernels, BLAS, FFT) by a small spiral call
        from scatnet import default_auditory
        small = sc_setup([default_auditory(4096, 8000, 8), {"time": {}, "gamma": {}, "j": {}}])
        for dt in job["dtypes"]:
            sc_propagate(signals(1, 4096, dt), small)
        out["rss_base"] = maxrss_bytes()
    opts = make_opts(job["case"], job["N"])
    runs = job["runs"]
    workers = os.cpu_count() or 1
    out["workers"] = workers
    scatnet.clear_cache()
    t0 = perf()
    archs = sc_setup(copy.deepcopy(opts))
    out["setup_s"] = perf() - t0          # cold: first call in a fresh process, empty cache
    N, K = archs.size, job["K"]
    out["N"] = N
    plan = get_fft_plan(archs)
    out["fft_plan"] = plan
    # a chunked signal is scattered as n_chunks rows: the FFT bound counts them all
    from scatnet.scattering_m.chunking import ChunkPlan
    rows = ChunkPlan.for_options(archs.plan, N).n_chunks if archs.plan.input.is_chunked else 1
    out["rows_per_signal"] = rows
    if job["case"] == "R":  # the plan's own arrays (banks, joint matrices) before any signal
        for dt in job["dtypes"]:
            for lw in get_walk(archs).layers:
                for b in lw.joint or []:
                    b.matrix(np.result_type(dt, np.complex64))
        out["rss_setup"] = maxrss_bytes()
    try:  # informative only: how many signals the engine processes per block
        from scatnet._core.memory import block_size
        from scatnet.scattering_m.propagate import MEMORY_BUDGET
        out["block_signals"] = {dt: block_size(get_walk(archs), K, dt, MEMORY_BUDGET)
                                 for dt in job["dtypes"]}
        from scatnet._core.memory import minimum_budget  # the default budget grows to it
        out["budget_bytes"] = {dt: max(MEMORY_BUDGET, minimum_budget(get_walk(archs), dt))
                               for dt in job["dtypes"]}
    except Exception as e:  # noqa: BLE001 — private helper; its absence is fine
        out["block_signals_error"] = repr(e)
    res = {}
    for dt in job["dtypes"]:
        x = signals(K, N, dt)
        r = {}
        r["times"] = timed_runs(lambda x=x: sc_propagate(x, archs), runs)
        if job.get("one_thread"):
            r["times_1thread"] = timed_runs(lambda x=x: sc_propagate(x, archs, n_jobs=1), runs)
        S = sc_propagate(x, archs)
        r["format_times"] = timed_runs(lambda S=S: sc_format(S), runs)
        r["in_bytes"] = int(x.nbytes)
        r["out_bytes"] = int(sum(a.nbytes for a in s_tensors(S)))
        r["n_paths"] = [len(S[m].paths) for m in range(len(S))]
        r["frames"] = int(S[0][0].data.shape[-1])
        del S
        r["peak_rss"] = maxrss_bytes()
        r["plan_bytes"] = int(sum(b.matrix(np.result_type(dt, np.complex64)).nbytes
                                  + (b.matrix().nbytes if dt == "float32" else 0)
                                  for lw in get_walk(archs).layers for b in (lw.joint or [])))
        res[dt] = r
        del x
    # Everything below may allocate more than the engine did: peaks were read above.
    for dt in job["dtypes"]:
        r = res[dt]
        if job["stages"] and len(opts) > 1:
            x = signals(K, N, dt)
            prefix = []
            for m in range(1, len(opts)):
                a = sc_setup(copy.deepcopy(opts[:m]))   # banks cached: cheap
                prefix.append(timed_runs(lambda a=a, x=x: sc_propagate(x, a), runs))
            r["prefix_times"] = prefix
            del x
        if job["fft"]:
            total, per = fft_bound(plan, K * rows, dt, workers, runs, backend)
            r["fft_s"], r["fft_entry_times"] = total, per
            time_axis = get_fft_plan(archs, joint=False)
            if len(time_axis) < len(plan):  # joint/spiral: the bound without the γ1/octave FFTs
                r["fft_time_axis_s"] = _sub_bound(plan, per, time_axis)
    out["by_dtype"] = res
    return out


def child_checks(job):
    """float32 vs float64 agreement and n_jobs=1 vs n_jobs=2 bitwise identity on case A."""
    import numpy as np

    from scatnet import sc_propagate, sc_setup, set_fft_backend
    set_fft_backend(job.get("backend", DEFAULT_BACKEND))
    archs = sc_setup(make_opts(job["case"]))
    x64 = signals(job["K"], archs.size, "float64")
    x32 = x64.astype(np.float32)
    S64 = sc_propagate(x64, archs)
    S32 = sc_propagate(x32, archs)
    rel = [float(np.max(np.abs(a.astype(np.float64) - b)) / np.max(np.abs(b)))
           for a, b in zip(s_tensors(S32), s_tensors(S64))]
    out = {"f32_rel_max": max(rel), "f32_rel_by_order": []}
    i = 0
    for m in range(len(S64)):
        n = len(S64[m])
        out["f32_rel_by_order"].append(max(rel[i:i + n]))
        i += n
    det, diff = {}, {}
    for dt, x in (("float64", x64), ("float32", x32)):
        a = s_tensors(sc_propagate(x, archs, n_jobs=1))
        b = s_tensors(sc_propagate(x, archs, n_jobs=2))
        det[dt] = all(u.shape == v.shape and u.tobytes() == v.tobytes() for u, v in zip(a, b))
        diff[dt] = max(float(np.max(np.abs(u - v)) / np.max(np.abs(u))) for u, v in zip(a, b))
    out["bitwise_njobs_1_vs_2"] = det
    out["rel_njobs_1_vs_2"] = diff
    return out


def child_setup(job):
    """Cold (after clear_cache) and cached sc_setup times."""
    import scatnet
    from scatnet import sc_setup
    opts = make_opts(job["case"])
    scatnet.clear_cache()
    t0 = perf()
    sc_setup(copy.deepcopy(opts))
    first = perf() - t0
    cold, t_start = [], perf()
    for i in range(job["runs"]):
        if i >= 3 and perf() - t_start > 30:      # each cold call can take seconds
            break
        scatnet.clear_cache()
        t0 = perf()
        sc_setup(copy.deepcopy(opts))
        cold.append(perf() - t0)
    cached = timed_runs(lambda: sc_setup(copy.deepcopy(opts)), max(5, job["runs"]))
    return {"first_s": first, "cold": cold, "cached": cached, "peak_rss": maxrss_bytes()}


def _import_kymatio():
    import kymatio
    from kymatio.scattering1d.frontend.numpy_frontend import ScatteringNumPy1D
    return kymatio.__version__, ScatteringNumPy1D


def child_kymatio(job):
    version, Scattering = _import_kymatio()
    t0 = perf()
    sc = Scattering(J=job["J"], Q=job["Q"], shape=job["N"])
    out = {"version": version, "ctor_s": perf() - t0}
    # Its NumPy backend computes in float64 whatever the input dtype (float64 filters): one
    # float64 timing serves both of our dtypes. Checked here on one float32 signal.
    out["out_dtype_for_float32_input"] = str(sc(signals(1, job["N"], "float32")).dtype)
    x = signals(job["K"], job["N"], "float64")
    out["times"] = timed_runs(lambda: sc(x), job["runs"])
    out["out_shape"] = list(sc(x[:1]).shape)
    out["peak_rss"] = maxrss_bytes()
    return out


def child_kymatio_ctor(job):
    version, Scattering = _import_kymatio()
    t0 = perf()
    Scattering(J=job["J"], Q=job["Q"], shape=job["N"])
    return {"version": version, "ctor_s": perf() - t0, "peak_rss": maxrss_bytes()}


CHILDREN = {"prop": child_prop, "checks": child_checks, "setup": child_setup,
            "kymatio": child_kymatio, "kymatio_ctor": child_kymatio_ctor}


def run_single(spec):
    job = json.loads(spec)
    try:
        out = CHILDREN[job["kind"]](job)
        out["ok"] = True
    except Exception as e:  # noqa: BLE001 — reported to the parent, which carries on
        out = {"ok": False, "error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()}
    sys.stdout.write(MARK + json.dumps(out) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- parent side

def cpu_busy_seconds():
    """CPU seconds spent busy by the whole machine so far (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_for_quiet(max_wait, threshold=0.25, sample=0.5):
    """Wait (at most ``max_wait`` s) until other processes use < ``threshold`` cores; returns
    the cores they used in the last sample."""
    t_end = perf() + max_wait
    while True:
        b0 = cpu_busy_seconds()
        if b0 is None:
            return None
        time.sleep(sample)
        used = (cpu_busy_seconds() - b0) / sample
        if used < threshold or perf() >= t_end:
            return used


def launch(job, timeout, quiet_wait=60):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--single", json.dumps(job)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(ROOT)]))
    idle_before = wait_for_quiet(quiet_wait)
    b0, c0 = cpu_busy_seconds(), children_cpu_seconds()
    t0 = perf()
    try:
        p = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {timeout} s"}
    wall = perf() - t0
    others = None
    if b0 is not None:   # cores used by other processes while the child ran
        others = max(0.0, (cpu_busy_seconds() - b0) - (children_cpu_seconds() - c0)) / wall
    for line in reversed(p.stdout.splitlines()):
        if line.startswith(MARK):
            out = json.loads(line[len(MARK):])
            out["process_s"] = wall
            out["other_cores_before"] = idle_before
            out["other_cores_during"] = others
            return out
    tail = (p.stderr or p.stdout or "").strip().splitlines()[-15:]
    return {"ok": False, "error": f"child exited with {p.returncode}: " + " | ".join(tail)}


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt(v, spec=".3g", na="n/a"):
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return na
    return format(v, spec)


def table(header, rows):
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    w = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(r))
             for r in cells]
    lines.insert(1, "  ".join("-" * x for x in w))
    return "\n".join(lines)


def machine_info():
    import numpy
    import scipy
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpu_count": os.cpu_count(), "numpy": numpy.__version__, "scipy": scipy.__version__}
    try:
        import numba
        info["numba"] = numba.__version__
        info["numba_threads"] = numba.config.NUMBA_NUM_THREADS
    except ImportError:
        pass
    try:
        import scatnet
        info["scatnet"] = scatnet.__version__
        info["scatnet_path"] = str(Path(scatnet.__file__).parent)
    except ImportError:
        pass
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
        with open("/proc/meminfo") as f:
            info["mem_total_gib"] = round(int(f.readline().split()[1]) / 2 ** 20, 1)
    except (OSError, StopIteration):
        pass
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "scatnet"], cwd=ROOT,
                               check=False, capture_output=True, text=True).stdout.strip()
        info["git"] = rev + ("+dirty(scatnet/)" if dirty else "")
    except OSError:
        pass
    return info


def collect(jobs, results):
    """Flatten the job results into per-point records used by the tables and the targets."""
    points, kym, extra = [], {}, {}
    for job, out in zip(jobs, results):
        if job["kind"] == "prop":
            for dt in job["dtypes"]:
                p = {"case": job["case"], "sweep": job.get("sweep"), "K": job["K"], "dtype": dt,
                     "backend": job.get("backend", DEFAULT_BACKEND),
                     "ok": out.get("ok", False), "error": out.get("error"),
                     "other_cores": out.get("other_cores_during")}
                if p["ok"]:
                    r = out["by_dtype"][dt]
                    t = med(r["times"])
                    N = out["N"]
                    p.update(N=N, time_s=t, times=r["times"], signals_per_s=job["K"] / t,
                             samples_per_s=job["K"] * N / t, peak_rss=r["peak_rss"],
                             rss_base=out["rss_base"], in_bytes=r["in_bytes"],
                             out_bytes=r["out_bytes"], setup_s=out["setup_s"],
                             format_s=med(r["format_times"]), n_paths=r["n_paths"],
                             frames=r["frames"], workers=out["workers"],
                             block_signals=out.get("block_signals", {}).get(dt),
                             budget_bytes=out.get("budget_bytes", {}).get(dt),
                             plan_bytes=r.get("plan_bytes"), rss_setup=out.get("rss_setup"))
                    if "times_1thread" in r:
                        p["time_1thread_s"] = med(r["times_1thread"])
                    if "prefix_times" in r:  # fastest runs: differences of medians are noisier
                        pre = [min(ts) for ts in r["prefix_times"]] + [min(r["times"])]
                        p["order_s"] = [pre[0]] + [b - a for a, b in itertools.pairwise(pre)]
                    elif job["stages"]:
                        p["order_s"] = [min(r["times"])]
                    if "fft_s" in r:
                        p["fft_s"] = r["fft_s"]
                        p["fft_ratio"] = t / r["fft_s"]
                        if "fft_time_axis_s" in r:
                            p["fft_time_axis_s"] = r["fft_time_axis_s"]
                            p["fft_ratio_time_axis"] = t / r["fft_time_axis_s"]
                        p["fft_per_entry_min_s"] = [min(ts) for ts in r["fft_entry_times"]]
                        p["fft_median_sum_s"] = sum(med(ts) for ts in r["fft_entry_times"])
                        p["fft_plan"] = out["fft_plan"]
                else:
                    p["N"] = job["N"] or 65536
                points.append(p)
        elif job["kind"] == "reuse":
            continue
        elif job["kind"] == "kymatio":
            kym[job["case"]] = dict(out, case=job["case"], K=job["K"], J=job["J"], Q=job["Q"],
                                    N=job["N"])
        elif job.get("backend", DEFAULT_BACKEND) != DEFAULT_BACKEND:
            extra[f"{job['kind']}/{job['backend']}"] = out
        else:
            extra[job["kind"]] = out
    for job in jobs:
        if job["kind"] != "reuse":
            continue
        for dt in ("float32", "float64"):
            src = [p for p in points if p["case"] == job["source"] and p["K"] == job["K"]
                   and p["dtype"] == dt and p.get("N") == job["N"]
                   and p["backend"] == DEFAULT_BACKEND
                   and p.get("sweep") in (None, "K")]
            if src:
                q = dict(src[0], case="F", sweep=job["sweep"], reused_from=job["source"])
                points.append(q)
    for p in points:
        k = kym.get(p["case"])
        if p["ok"] and p.get("sweep") is None:
            if k is None:
                p["kymatio_note"] = "no matching Kymatio setting" if p["case"] != "B" else "not run"
            elif not k.get("ok"):
                p["kymatio_note"] = k.get("error", "failed")
            elif k["K"] == p["K"]:
                p["kymatio_s"] = med(k["times"])
                p["speedup"] = p["kymatio_s"] / p["time_s"]
                if "time_1thread_s" in p:
                    p["speedup_1thread"] = p["kymatio_s"] / p["time_1thread_s"]
    return points, kym, extra


def fit_exponent(pts):
    import numpy as np
    pts = [p for p in pts if p.get("ok")]
    if len(pts) < 2:
        return None
    x = np.log([p["K"] * p["N"] for p in pts])
    y = np.log([p["time_s"] for p in pts])
    return float(np.polyfit(x, y, 1)[0])


def report(points, kym, extra, quick):
    lines = []
    say = lines.append
    main = [p for p in points if p.get("sweep") is None]
    if main:
        say("\nPropagation (sc_propagate; time = median of the timed runs after one warm-up)")
        rows = []
        for p in main:
            if not p["ok"]:
                rows.append([p["case"], p["backend"], p["dtype"], p["K"], p["N"],
                             "FAILED: " + p["error"][:60]] + [""] * 10)
                continue
            rows.append([p["case"], p["backend"], p["dtype"], p["K"], p["N"], fmt(p["time_s"] * 1e3, ".1f"),
                         fmt(min(p["times"]) * 1e3, ".1f"), fmt(p["signals_per_s"], ".1f"), fmt(p["samples_per_s"] / 1e6, ".2f"),
                         fmt(p.get("fft_s", math.nan) * 1e3, ".1f"), fmt(p.get("fft_ratio"), ".2f"),
                         fmt(p.get("kymatio_s"), ".2f"), fmt(p.get("speedup"), ".1f"),
                         fmt(p["peak_rss"] / MiB, ".0f"),
                         fmt((p["peak_rss"] - p["rss_base"]) / MiB, ".0f"),
                         fmt(p.get("other_cores"), ".2f")])
        say(table(["case", "FFT", "dtype", "K", "N", "time ms", "min ms", "signals/s", "Msamples/s", "FFT ms",
                   "x FFT", "Kymatio s", "speedup", "peak RSS MiB", "above import MiB", "busy"],
                  rows))
        say("\nStages (ms): setup = cold sc_setup; order m = time(arch truncated to m layers) − "
            "time(m−1 layers), fastest runs; format = sc_format(S), median")
        rows = []
        for p in main:
            if not p["ok"] or p["backend"] != DEFAULT_BACKEND:
                continue
            orders = p.get("order_s", [])
            rows.append([p["case"], p["dtype"], p["K"], fmt(p["setup_s"] * 1e3, ".0f")]
                        + [fmt(orders[i] * 1e3, ".1f") if i < len(orders) else "" for i in range(3)]
                        + [fmt(p["format_s"] * 1e3, ".2f"), "/".join(map(str, p["n_paths"])),
                           p["frames"], p.get("block_signals") or ""])
        say(table(["case", "dtype", "K", "setup", "order 1", "order 2", "order 3", "format",
                   "paths S0/S1/…", "frames", "block"], rows))
    lines += backend_report(points)
    for k in kym.values():
        if k.get("ok"):
            say(f"\nKymatio {k['version']} NumPy frontend J={k['J']} Q={k['Q']} shape={k['N']} "
                f"batch {k['K']}: constructor {k['ctor_s']:.2f} s, call "
                f"{med(k['times']):.2f} s (median of {len(k['times'])} after 1 warm-up; its "
                f"output is {k['out_dtype_for_float32_input']} for float32 input, so the same "
                f"time is used for both ratios), output {k['out_shape']}, peak RSS "
                f"{k['peak_rss'] / MiB:.0f} MiB")
            for p in points:
                if "speedup_1thread" in p and p["case"] == k.get("case", p["case"]):
                    say(f"  {p['case']} {p['backend']} {p['dtype']} with n_jobs=1 (Kymatio's FFTs are single-threaded): "
                        f"{p['time_1thread_s'] * 1e3:.1f} ms, speedup {p['speedup_1thread']:.1f}x")
        else:
            say(f"\nKymatio: n/a ({k.get('error')})")
    if "setup" in extra:
        e = extra["setup"]
        if e.get("ok"):
            say(f"\nE setup (N=2^17, T=2^15, max_Q=16): first in process {e['first_s']:.3f} s, "
                f"cold {med(e['cold']):.3f} s (median of {len(e['cold'])}, after clear_cache), "
                f"cached {med(e['cached']) * 1e3:.3f} ms, peak RSS {e['peak_rss'] / MiB:.0f} MiB")
        else:
            say(f"\nE setup FAILED: {e.get('error')}")
    if "kymatio_ctor" in extra:
        e = extra["kymatio_ctor"]
        say("E Kymatio constructor J=15 Q=16 shape=2^17: "
            + (f"{e['ctor_s']:.2f} s (once)" if e.get("ok") else f"n/a ({e.get('error')})"))
    sweeps = {}
    for p in points:
        if p.get("sweep"):
            sweeps.setdefault((p["sweep"], p["dtype"]), []).append(p)
    exps = {}
    if sweeps:
        say("\nScaling (case-A options; time = median; RSS = peak, float32 phase first)")
        rows = []
        for (sw, dt), pts in sorted(sweeps.items()):
            pts.sort(key=lambda p: (p["K"], p["N"]))
            for p in pts:
                if p["ok"]:
                    rows.append([sw, dt, p["K"], p["N"], fmt(p["time_s"] * 1e3, ".1f"),
                                 fmt(p["samples_per_s"] / 1e6, ".2f"), fmt(p["setup_s"], ".2f"),
                                 fmt(p["peak_rss"] / MiB, ".0f"), fmt(p.get("other_cores"), ".2f")])
                else:
                    rows.append([sw, dt, p["K"], p["N"], "FAILED: " + p["error"][:60], "", "", "", ""])
            exps[(sw, dt)] = fit_exponent(pts)
        say(table(["sweep", "dtype", "K", "N", "time ms", "Msamples/s", "setup s", "peak RSS MiB",
                   "busy"], rows))
        for (sw, dt), e in sorted(exps.items()):
            say(f"  exponent of time vs K·N, {sw} sweep, {dt}: {fmt(e, '.3f')}")
        pts = [p for p in sweeps.get(("N", "float64"), []) if p["ok"]]
        if len(pts) > 1:
            import numpy as np
            e = np.polyfit(np.log([p["N"] for p in pts]), np.log([p["setup_s"] for p in pts]), 1)[0]
            exps[("N", "setup")] = float(e)
            say(f"  exponent of cold setup time vs N (N sweep): {e:.3f}")
    return lines, exps


def _by_backend(points, cases=BACKEND_CASES):
    """``{(case, dtype, K): {backend: point}}`` of the successful main points of ``cases``."""
    groups = {}
    for p in points:
        if p["ok"] and p.get("sweep") is None and p["case"] in cases:
            groups.setdefault((p["case"], p["dtype"], p["K"]), {})[p["backend"]] = p
    return groups


def backend_report(points):
    """Lines of the FFT-backend comparison: time, FFT bound and ratio per backend."""
    groups = _by_backend(points)
    backends = sorted({b for g in groups.values() for b in g}, key=lambda b: b != DEFAULT_BACKEND)
    if len(backends) < 2:
        return []

    def cell(p):
        return " / ".join([fmt(p["time_s"] * 1e3, ".1f"), fmt(p.get("fft_s", math.nan) * 1e3, ".1f"),
                           fmt(p.get("fft_ratio"), ".2f")])

    rows = []
    for (case, dtype, K), g in sorted(groups.items()):
        best = min(g, key=lambda b: g[b]["time_s"])
        speedup = g[DEFAULT_BACKEND]["time_s"] / g[best]["time_s"] if DEFAULT_BACKEND in g else None
        rows.append([case, dtype, K] + [cell(g[b]) if b in g else "" for b in backends]
                    + [best, fmt(speedup, ".2f")])
    return [("\nFFT backends: time ms / FFT bound ms (that backend's transforms) / x bound; "
             f"speed-up = time with {DEFAULT_BACKEND} / time with the fastest"),
            table(["case", "dtype", "K"] + backends + ["fastest", "speed-up"], rows)]


def backend_targets(points, kym):
    """Targets of issue 15: the best backend against pocketfft, Kymatio and its own bound."""
    out = []
    groups = _by_backend(points, "AB")
    if len({b for g in groups.values() for b in g}) < 2:
        return out
    for case in "AB":
        g_top = {k: g for k, g in groups.items() if k[0] == case
                 and k[2] == max(q[2] for q in groups if q[0] == case)}
        vals, ok = [], True
        for (_, dtype, K), g in sorted(g_top.items()):
            if DEFAULT_BACKEND in g:
                best = min(g, key=lambda b: g[b]["time_s"])
                x = g[DEFAULT_BACKEND]["time_s"] / g[best]["time_s"]
                vals.append(f"{dtype[5:]}/K{K}: {x:.2f}x ({best})")
                ok &= x >= 1.4
        if vals:
            out.append((f"{case}: best FFT backend >= 1.4x faster than pocketfft", ", ".join(vals), ok))
        ratios = []
        for (_, dtype, K), g in sorted(groups.items()):
            if _ == case:
                best = min(g, key=lambda b: g[b]["time_s"])
                if "fft_ratio" in g[best]:
                    ratios.append((g[best]["fft_ratio"], f"{dtype[5:]}/K{K}:{g[best]['fft_ratio']:.2f}"))
        if ratios:
            out.append((f"{case}: total <= 1.5x the best backend's FFT bound",
                        f"worst {max(ratios)[0]:.2f} (" + ", ".join(v for _, v in ratios) + ")",
                        max(ratios)[0] <= 1.5))
    k = kym.get("B")
    if k and k.get("ok"):
        vals, ok = [], True
        for (case, dtype, K), g in sorted(groups.items()):
            if case == "B" and K == k["K"]:
                best = min(g, key=lambda b: g[b]["time_s"])
                x = med(k["times"]) / g[best]["time_s"]
                vals.append(f"{dtype[5:]}: {x:.1f}x ({best})")
                ok &= x >= 40
        if vals:
            out.append(("B: >= 40x faster than Kymatio with the best FFT backend", ", ".join(vals), ok))
    return out


def targets(points, kym, extra, exps):
    """The targets block: (name, value string, pass/fail/None)."""
    out = []

    def pick(case, dtype=None, K=None):
        return [p for p in points if p["case"] == case and p.get("sweep") is None and p["ok"]
                and p["backend"] == DEFAULT_BACKEND
                and (dtype is None or p["dtype"] == dtype) and (K is None or p["K"] == K)]

    for dt in ("float64", "float32"):
        ps = [p for p in pick("B", dt) if "speedup" in p]
        if ps:
            one = (f" (n_jobs=1: {ps[0]['speedup_1thread']:.1f}x)" if "speedup_1thread" in ps[0] else "")
            out.append((f"B {dt}: >= 20x faster than Kymatio", f"{ps[0]['speedup']:.1f}x" + one,
                        ps[0]["speedup"] >= 20))
        elif pick("B", dt):
            note = pick("B", dt)[0].get("kymatio_note", "Kymatio not timed")
            out.append((f"B {dt}: >= 20x faster than Kymatio", f"n/a ({note})", None))
    for dt, goal in (("float64", 20), ("float32", 35)):
        ps = pick("A", dt, 64)
        if ps:
            out.append((f"A K=64 {dt}: >= {goal} signals/s", f"{ps[0]['signals_per_s']:.1f}",
                        ps[0]["signals_per_s"] >= goal))
    for case in ("A", "B"):
        ps = [p for p in pick(case) if "fft_ratio" in p]
        if ps:
            worst = max(ps, key=lambda p: p["fft_ratio"])
            vals = ", ".join(f"{p['dtype'][5:]}/K{p['K']}:{p['fft_ratio']:.2f}" for p in ps)
            out.append((f"{case}: total <= 1.5x FFT bound", f"worst {worst['fft_ratio']:.2f} ({vals})",
                        worst["fft_ratio"] <= 1.5))
    for case in ("G", "H"):
        ps = [p for p in pick(case) if "fft_ratio" in p]
        if ps:
            worst = max(ps, key=lambda p: p["fft_ratio"])
            vals = ", ".join(f"{p['dtype'][5:]}/K{p['K']}:{p['fft_ratio']:.2f}"
                             + (f" (time axis {p['fft_ratio_time_axis']:.2f})"
                                if "fft_ratio_time_axis" in p else "") for p in ps)
            out.append((f"{case}: total <= 2x FFT bound (incl. FFTs along gamma1/octaves)",
                        f"worst {worst['fft_ratio']:.2f} ({vals})", worst["fft_ratio"] <= 2))
    for K, limit in ((1, 400), (8, 600)):
        for p in pick("H", K=K):
            out.append((f"H K={K} {p['dtype']}: peak RSS <= {limit} MiB",
                        f"{p['peak_rss'] / MiB:.0f} MiB", p["peak_rss"] <= limit * MiB))
    for p in pick("R"):  # fixed costs: libraries and the set-up (banks, joint matrices)
        fixed = (p.get("rss_setup") or p["rss_base"]) + p["in_bytes"] + p["out_bytes"]
        budget = p.get("budget_bytes") or 0
        value = (f"{p['peak_rss'] / MiB:.0f} MiB vs {(fixed + budget) / MiB:.0f} MiB (after "
                 f"set-up {(p.get('rss_setup') or 0) / MiB:.0f} MiB, of which joint matrices "
                 f"{(p.get('plan_bytes') or 0) / MiB:.0f} MiB; budget {budget / MiB:.0f} MiB); "
                 f"{p['time_s']:.2f} s per signal")
        out.append((f"R {p['dtype']}: peak RSS <= set-up + in + out + memory budget",
                    value, p["peak_rss"] <= fixed + budget))
    for p in pick("B"):
        limit = 2 * (p["in_bytes"] + p["out_bytes"]) + 300 * MiB
        out.append((f"B {p['dtype']}: peak RSS <= 2(in+out) + 300 MiB",
                    f"{p['peak_rss'] / MiB:.0f} MiB vs {limit / MiB:.0f} MiB", p["peak_rss"] <= limit))
    e = extra.get("setup")
    if e and e.get("ok"):
        c, h = med(e["cold"]), med(e["cached"])
        out.append(("E: setup cold <= 1 s", f"{c:.3f} s", c <= 1))
        out.append(("E: setup cached <= 10 ms", f"{h * 1e3:.3f} ms", h <= 0.01))
    ch = extra.get("checks")
    if ch and ch.get("ok"):
        out.append(("A: float32 within 1e-5 relative of float64",
                    f"{ch['f32_rel_max']:.2e} (per order "
                    + ", ".join(f"{v:.1e}" for v in ch["f32_rel_by_order"]) + ")",
                    ch["f32_rel_max"] <= 1e-5))
        d = ch["bitwise_njobs_1_vs_2"]
        out.append(("A K=8: n_jobs=1 and n_jobs=2 bitwise identical",
                    ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in d.items()), all(d.values())))
    elif ch:
        out.append(("A checks", f"FAILED ({ch.get('error')})", False))
    for name, c in sorted(extra.items()):
        if name.startswith("checks/") and c.get("ok"):
            backend = name.split("/", 1)[1]
            out.append((f"A {backend}: float32 within 1e-5 relative of float64",
                        f"{c['f32_rel_max']:.2e}", c["f32_rel_max"] <= 1e-5))
            out.append((f"A K=8 {backend}: n_jobs=1 vs n_jobs=2 (bitwise; else max relative difference)",
                        ", ".join(f"{k}: " + ("bitwise" if v else f"{c['rel_njobs_1_vs_2'][k]:.1e}")
                                  for k, v in c["bitwise_njobs_1_vs_2"].items()), None))
    out += backend_targets(points, kym)
    for (sw, dt), x in sorted(exps.items()):
        if dt == "setup":
            continue
        out.append((f"F: scaling exponent ~ 1 ({sw} sweep, {dt})", fmt(x, ".3f"),
                    None if x is None else abs(x - 1) <= 0.15))
    return out


def markdown(doc):
    """Markdown tables of a results JSON (for README files)."""
    m = doc["machine"]
    lines = [(f"Machine: {m.get('cpu', '?')}, {m.get('cpu_count')} cores, {m.get('mem_total_gib')} GiB; "
             f"Python {m.get('python')}, NumPy {m.get('numpy')}, SciPy {m.get('scipy')}, "
             f"numba {m.get('numba')}; scatnet {m.get('scatnet')} ({m.get('git')}); "
             f"bench {doc['timestamp']}{' (--quick)' if doc.get('quick') else ''}, "
             f"{doc['bench_seconds']:.0f} s."), "",
             ("| case | FFT | dtype | K | N | time (ms) | signals/s | Msamples/s | FFT bound (ms) "
             "| × FFT bound | vs Kymatio | peak RSS (MiB) | setup (ms) | order 1 (ms) | order 2 (ms) "
             "| order 3 (ms) | format (ms) |"),
             "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for p in doc["points"]:
        if p.get("sweep") or not p.get("ok"):
            continue
        o = p.get("order_s", [])
        lines.append("| " + " | ".join([
            p["case"], p.get("backend", DEFAULT_BACKEND), p["dtype"], str(p["K"]), str(p["N"]),
            fmt(p["time_s"] * 1e3, ".1f"),
            fmt(p["signals_per_s"], ".1f"), fmt(p["samples_per_s"] / 1e6, ".2f"),
            fmt(p.get("fft_s", math.nan) * 1e3, ".1f"), fmt(p.get("fft_ratio"), ".2f"),
            (fmt(p.get("speedup"), ".1f") + "×") if "speedup" in p else "–",
            fmt(p["peak_rss"] / MiB, ".0f"), fmt(p["setup_s"] * 1e3, ".0f")]
            + [fmt(o[i] * 1e3, ".1f") if i < len(o) else "" for i in range(3)]
            + [fmt(p["format_s"] * 1e3, ".2f")]) + " |")
    groups = _by_backend([dict(p, backend=p.get("backend", DEFAULT_BACKEND)) for p in doc["points"]])
    backends = doc.get("fft_backends", [DEFAULT_BACKEND])
    if len(backends) > 1 and groups:
        lines += ["", "| case | dtype | K | " + " | ".join(f"{b}: ms / bound ms / ×" for b in backends)
                  + " | fastest | speed-up vs " + DEFAULT_BACKEND + " |",
                  "|---|---|--:|" + "--:|" * len(backends) + "---|--:|"]
        for (case, dtype, K), g in sorted(groups.items()):
            best = min(g, key=lambda b: g[b]["time_s"])
            cells = [" / ".join([fmt(g[b]["time_s"] * 1e3, ".1f"),
                                 fmt(g[b].get("fft_s", math.nan) * 1e3, ".1f"),
                                 fmt(g[b].get("fft_ratio"), ".2f")]) if b in g else "–"
                     for b in backends]
            speedup = (fmt(g[DEFAULT_BACKEND]["time_s"] / g[best]["time_s"], ".2f") + "×"
                       if DEFAULT_BACKEND in g else "–")
            lines.append(f"| {case} | {dtype} | {K} | " + " | ".join(cells) + f" | {best} | {speedup} |")
    sw = [p for p in doc["points"] if p.get("sweep") and p.get("ok")]
    if sw:
        lines += ["", ("| sweep | K | N | float64 (ms) | float32 (ms) | float64 Msamples/s "
                  "| float32 Msamples/s | peak RSS f64 (MiB) |"), "|---|--:|--:|--:|--:|--:|--:|--:|"]
        keys = sorted({(p["sweep"], p["K"], p["N"]) for p in sw})
        for k in keys:
            d = {p["dtype"]: p for p in sw if (p["sweep"], p["K"], p["N"]) == k}
            f64, f32 = d.get("float64", {}), d.get("float32", {})
            lines.append(f"| {k[0]} | {k[1]} | {k[2]} | {fmt(f64.get('time_s', math.nan) * 1e3, '.1f')} | "
                         f"{fmt(f32.get('time_s', math.nan) * 1e3, '.1f')} | "
                         f"{fmt(f64.get('samples_per_s', math.nan) / 1e6, '.2f')} | "
                         f"{fmt(f32.get('samples_per_s', math.nan) / 1e6, '.2f')} | "
                         f"{fmt(f64.get('peak_rss', math.nan) / MiB, '.0f')} |")
        ex = doc.get("exponents", {})
        lines += ["", "Exponents of time vs K·N: "
                  + ", ".join(f"{k} sweep {fmt(v, '.2f')}" for k, v in ex.items() if "setup" not in k)
                  + "; cold setup time vs N: " + fmt(ex.get("N/setup"), ".2f") + "."]
    e = doc.get("extra", {}).get("setup")
    if e and e.get("ok"):
        lines += ["", f"Setup E (N=2^17, T=2^15, max_Q=16): cold {med(e['cold']):.2f} s, cached "
                  f"{med(e['cached']) * 1e3:.3f} ms"
                  + (f"; Kymatio J=15 Q=16 constructor {doc['extra']['kymatio_ctor']['ctor_s']:.2f} s"
                     if doc.get("extra", {}).get("kymatio_ctor", {}).get("ok") else "") + "."]
    for k in doc.get("kymatio", {}).values():
        if k.get("ok"):
            lines += ["", (f"Kymatio {k['version']} NumPy frontend, J={k['J']} Q={k['Q']} shape={k['N']}, "
                      f"batch {k['K']}: {med(k['times']):.2f} s per call.")]
    lines += ["", "| target | value | |", "|---|---|---|"]
    for t in doc.get("targets", []):
        mark = {True: "pass", False: "**miss**", None: "n/a"}[t["pass"]]
        lines.append(f"| {t['target']} | {t['value']} | {mark} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short smoke run")
    ap.add_argument("--cases", default=CASE_NAMES, help="comma-separated cases among A-H (default all)")
    ap.add_argument("--backends", default="installed",
                    help=f"comma-separated FFT backends; cases {BACKEND_CASES} run with each "
                         f"(default: every installed one; {DEFAULT_BACKEND} always runs)")
    ap.add_argument("--runs", type=int, default=0, help="timed runs per point (default 5, --quick 2)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed per subprocess")
    ap.add_argument("--quiet-wait", type=float, default=60,
                    help="seconds to wait before each subprocess for other processes to leave the CPU")
    ap.add_argument("--output", help="JSON path (default bench/results/<timestamp>.json)")
    ap.add_argument("--markdown", metavar="JSON", help="print a results JSON as Markdown tables and exit")
    ap.add_argument("--single", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.single:
        run_single(args.single)
        return 0
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text())))
        return 0
    cases = {ch for ch in args.cases.upper() if ch not in ", "}
    bad = cases - set(CASE_NAMES)
    if bad:
        ap.error(f"unknown case(s) {sorted(bad)}; choose among {', '.join(CASE_NAMES)}")
    import scatnet
    installed = scatnet.available_fft_backends()
    backends = installed if args.backends == "installed" else [
        b.strip() for b in args.backends.split(",") if b.strip()]
    if set(backends) - set(installed):
        ap.error(f"FFT backend(s) {sorted(set(backends) - set(installed))} not installed here; "
                 f"installed: {installed}")
    backends = [DEFAULT_BACKEND] + [b for b in backends if b != DEFAULT_BACKEND]
    jobs = plan_jobs(cases, args.quick, args.runs, backends)
    t_start = perf()
    info = machine_info()
    print(f"scatnet bench — {info.get('cpu', '?')}, {info['cpu_count']} cores, "
          f"{info.get('mem_total_gib', '?')} GiB; numpy {info['numpy']}, scipy {info['scipy']}, "
          f"numba {info.get('numba', '?')}; scatnet {info.get('scatnet', '?')} ({info.get('git', '?')})"
          + (" — QUICK" if args.quick else "") + f"; FFT backends {', '.join(backends)}", flush=True)
    for c in sorted(cases):
        print(f"  {c}: {CASE_TITLES[c]}")
    info["loadavg_start"] = os.getloadavg()
    if info["loadavg_start"][0] > 0.5:
        print(f"  WARNING: load average {info['loadavg_start'][0]:.2f} before starting: other "
              "processes use the CPU, timings will be noisy", flush=True)
    results = []
    for i, job in enumerate(jobs):
        if job["kind"] == "reuse":
            results.append({"ok": True, "reused": True})
            continue
        desc = ", ".join(f"{k}={v}" for k, v in job.items()
                         if k in ("kind", "case", "backend", "K", "N", "dtypes"))
        print(f"[{i + 1}/{len(jobs)} {perf() - t_start:6.1f}s] {desc}", end=" ", flush=True)
        out = launch(job, args.timeout, args.quiet_wait)
        busy = out.get("other_cores_during")
        print((f"-> {out.get('process_s', 0):.1f}s" + (f", other processes used {busy:.2f} cores"
                                                        if busy is not None else ""))
              if out.get("ok") else f"-> FAILED: {out.get('error')}", flush=True)
        results.append(out)
    points, kym, extra = collect(jobs, results)
    lines, exps = report(points, kym, extra, args.quick)
    print("\n".join(lines))
    tg = targets(points, kym, extra, exps)
    print("\nTargets (reported, not asserted)")
    for name, val, ok in tg:
        mark = {True: "PASS", False: "MISS", None: "n/a "}[ok]
        print(f"  [{mark}] {name}: {val}")
    noisy = sorted({f"{p['case']}{'/' + p['sweep'] if p.get('sweep') else ''}/{p['backend']}/K{p['K']}"
                    f"/N{p.get('N')}"
                    for p in points if (p.get("other_cores") or 0) > 0.2})
    if noisy:
        print(f"  WARNING: other processes used > 0.2 cores while {len(noisy)} point(s) ran "
              f"(column 'busy'); their timings are unreliable: {', '.join(noisy)}")
    total = perf() - t_start
    print(f"\nTotal bench time {total:.0f} s")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(args.output) if args.output else HERE / "results" / f"{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"timestamp": stamp, "quick": args.quick, "cases": sorted(cases), "machine": info,
           "fft_backends": backends,
           "bench_seconds": total, "jobs": jobs, "raw": results, "points": points,
           "kymatio": kym, "extra": extra,
           "exponents": {f"{sw}/{dt}": v for (sw, dt), v in exps.items()},
           "targets": [{"target": n, "value": v, "pass": ok} for n, v, ok in tg],
           "printed": lines}
    path.write_text(json.dumps(doc, indent=1, default=str))
    print(f"Results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
