"""Batch benchmark: ``scatnet extract`` on one hour of 22.05 kHz audio in 30-second files.

Writes the files (16-bit WAV, a tone, a chirp and noise), then runs, each in a fresh process:

* ``baseline``: the same signals already in memory, ``sc_format(sc_propagate(x, archs))`` on
  stacks of as many files as ``extract`` groups (no reading, resampling, writing or Dask);
* ``extract`` in this process (``--workers 0``) and with a Dask LocalCluster of 1 and 2 workers.

Prints × real time, the fraction of the baseline's throughput (target ≥ 85 %), the cores other
processes used meanwhile (``busy``: above 0.2 the run is unreliable; each run first waits up to
60 s for a quiet machine) and the peak memory (RSS) of the client and of each worker; ``--json``
writes them. The architecture is
``default_auditory(65536, 22050, 8)`` with chunking switched on, plus a second order.

    .venv/bin/python bench/batch_bench.py [--minutes 60] [--workers 0,1,2] [--float32]
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

FS = 22050
OPTS_FILE = """fs = {fs}
from scatnet import default_auditory
layer1 = default_auditory(65536, fs, 8)
layer1["time"]["is_chunked"] = True
opts = [layer1, {{"time": {{}}}}]
"""


def write_audio(folder, minutes, file_seconds):
    import soundfile

    n = int(file_seconds * FS)
    t = np.arange(n) / FS
    rng = np.random.default_rng(0)
    n_files = round(minutes * 60 / file_seconds)
    for i in range(n_files):
        f0 = 110 * 2 ** (i % 24 / 12)
        x = (0.3 * np.sin(2 * np.pi * f0 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
             + 0.2 * np.sin(2 * np.pi * (500 + 400 * np.sin(2 * np.pi * 0.1 * t)) * t)
             + 0.05 * rng.standard_normal(n))
        soundfile.write(folder / f"part{i:04d}.wav", x, FS, subtype="PCM_16")
    return n_files


def child_baseline(folder, opts_file, float32):
    import soundfile

    from scatnet import sc_format, sc_propagate, sc_setup
    from scatnet.batch.extract import GROUP_SAMPLES, _peak_rss
    from scatnet.batch.optsfile import load_opts

    archs = sc_setup(load_opts(opts_file)[0])
    dtype = np.float32 if float32 else np.float64
    signals = [soundfile.read(f, dtype="float64")[0].astype(dtype)
               for f in sorted(folder.glob("*.wav"))]
    step = max(1, GROUP_SAMPLES // len(signals[0]))
    sc_format(sc_propagate(signals[0][: FS * 5], archs))  # warm-up (numba, banks)
    t0 = time.perf_counter()
    for i in range(0, len(signals), step):
        sc_format(sc_propagate(np.stack(signals[i:i + step]), archs))
    wall = time.perf_counter() - t0
    audio = sum(len(x) for x in signals) / FS
    return {"wall_seconds": wall, "audio_seconds": audio, "realtime": audio / wall,
            "peak_rss_client": _peak_rss(), "batch": step}


def child_extract(folder, opts_file, out, workers, float32):
    import soundfile

    from scatnet import extract, sc_propagate, sc_setup
    from scatnet.batch.optsfile import load_opts

    x = soundfile.read(next(folder.glob("*.wav")), dtype="float64")[0][: FS * 5]
    sc_propagate(x.astype(np.float32 if float32 else np.float64),
                 sc_setup(load_opts(opts_file)[0]))  # warm-up, as the baseline's
    s = extract(folder, opts_file, out, workers=workers, float32=float32, quiet=True)
    assert s.failed == 0, s.failures
    return {"wall_seconds": s.wall_seconds, "audio_seconds": s.audio_seconds,
            "realtime": s.realtime, "peak_rss_client": s.peak_rss_client,
            "peak_rss_workers": s.peak_rss_workers, "done": s.done,
            "startup_seconds": s.startup_seconds}


def _busy_jiffies():
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    return sum(v) - v[3] - v[4]  # all but idle and iowait


def _children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_quiet(limit=60.0):
    """Wait (up to ``limit`` s) until other processes use less than a quarter of a core."""
    hz, t_end = os.sysconf("SC_CLK_TCK"), time.monotonic() + limit
    while time.monotonic() < t_end:
        b0 = _busy_jiffies()
        time.sleep(1.0)
        if (_busy_jiffies() - b0) / hz < 0.25:
            return


def run_child(args, kind, workers, folder, opts_file, out):
    wait_quiet()
    hz, b0, c0, t0 = os.sysconf("SC_CLK_TCK"), _busy_jiffies(), _children_cpu(), time.monotonic()
    cmd = [sys.executable, __file__, "--child", kind, "--workers", str(workers), "--folder",
           str(folder), "--opts", str(opts_file), "--out", str(out)]
    if args.float32:
        cmd.append("--float32")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    wall = time.monotonic() - t0  # cores used by other processes meanwhile: the noise
    result["busy"] = max(0.0, ((_busy_jiffies() - b0) / hz - (_children_cpu() - c0)) / wall)
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--file-seconds", type=float, default=30.0)
    ap.add_argument("--workers", default="0,1,2", help="extract runs: 0 = in-process")
    ap.add_argument("--float32", action="store_true")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--opts", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        folder = pathlib.Path(args.folder)
        if args.child == "baseline":
            result = child_baseline(folder, args.opts, args.float32)
        else:
            result = child_extract(folder, args.opts, args.out, int(args.workers), args.float32)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="scatnet-batch-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        folder = tmp / "audio"
        folder.mkdir()
        n_files = write_audio(folder, args.minutes, args.file_seconds)
        opts_file = tmp / "opts.py"
        opts_file.write_text(OPTS_FILE.format(fs=FS))
        print(f"{n_files} files of {args.file_seconds:g} s at {FS} Hz ({args.minutes:g} min), "
              f"{'float32' if args.float32 else 'float64'}")
        runs = [("baseline", 0)] + [("extract", int(w)) for w in args.workers.split(",")]
        runs.append(("baseline", 0))  # again: the machine's load may drift
        results = []
        for i, (kind, workers) in enumerate(runs):
            r = run_child(args, kind, workers, folder, opts_file, tmp / f"out{i}.h5")
            r.update(kind=kind, workers=workers)
            results.append(r)
        base = np.mean([r["realtime"] for r in results if r["kind"] == "baseline"])
        print(f"{'run':<22}{'wall s':>8}{'start s':>9}{'× real time':>13}{'of baseline':>13}"
              f"{'busy':>6}{'client MiB':>12}  workers MiB")
        for r in results:
            name = ("sc_propagate in memory" if r["kind"] == "baseline" else
                    f"extract, {r['workers']} worker(s)" if r["workers"] else "extract, in-process")
            r["fraction_of_baseline"] = r["realtime"] / base
            workers = ", ".join(f"{v / 2**20:.0f}" for v in r.get("peak_rss_workers", {}).values())
            print(f"{name:<22}{r['wall_seconds']:>8.1f}{r.get('startup_seconds', 0.0):>9.1f}"
                  f"{r['realtime']:>13.1f}{100 * r['fraction_of_baseline']:>12.1f}%"
                  f"{r['busy']:>6.2f}{r['peak_rss_client'] / 2**20:>12.0f}  {workers or '-'}")
    if args.json:
        pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
