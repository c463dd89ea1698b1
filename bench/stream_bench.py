"""Streaming benchmark: one hour of 44.1 kHz audio through sc_stream, bounded memory.

The signal is synthesised block by block (never held whole); the architecture is
``default_auditory(65536, 44100, 8)`` with chunking switched on, plus a second order. Prints the
speed in multiples of real time and the peak RSS (target: ≥ 200× real time, < 1 GB).

    .venv/bin/python bench/stream_bench.py [--minutes 60] [--float32]
"""
import argparse
import resource
import time

import numpy as np

from scatnet import default_auditory, sc_setup, sc_stream

FS = 44100


def blocks(minutes, block=FS * 10, dtype=np.float64):
    n_total = int(FS * 60 * minutes)
    rng = np.random.default_rng(0)
    for start in range(0, n_total, block):
        t = np.arange(start, min(start + block, n_total)) / FS
        x = (np.sin(2 * np.pi * 440 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
             + 0.3 * np.sin(2 * np.pi * (1000 + 500 * np.sin(2 * np.pi * 0.1 * t)) * t)
             + 0.05 * rng.standard_normal(len(t)))
        yield x.astype(dtype)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--float32", action="store_true")
    args = ap.parse_args(argv)
    layer1 = default_auditory(65536, FS, 8)
    layer1["time"]["is_chunked"] = True
    archs = sc_setup([layer1, {"time": {}}])
    dtype = np.float32 if args.float32 else np.float64
    list(sc_stream(blocks(0.1, dtype=dtype), archs))  # warm-up: numba compilation
    t0 = time.perf_counter()
    frames = 0
    for F in sc_stream(blocks(args.minutes, dtype=dtype), archs):
        frames += F.shape[-1]
    elapsed = time.perf_counter() - t0
    audio = args.minutes * 60
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"streamed {audio / 60:.0f} min of {FS} Hz audio ({np.dtype(dtype).name}) in {elapsed:.1f} s: "
          f"{audio / elapsed:.0f}x real time, {frames} frames × {F.shape[0]} features, "
          f"peak RSS {peak:.0f} MiB (targets: >= 200x, < 1024 MiB)")


if __name__ == "__main__":
    main()
