"""Benchmark of the synthesis module: back-propagation cost and reconstruction speed.

* backward/forward: median time of ``sc_backpropagate(S, U, Y, archs)`` over that of
  ``sc_propagate(x, archs, return_U=True, return_Y=True)`` (the forward pass that back-
  propagation needs) and of a plain ``sc_propagate(x, archs)``;
* reconstruction: ``sc_reconstruct`` of the bundled example signal with the bold driver
  (``nIterations`` accepted steps) and with L-BFGS, the loss reached and when L-BFGS first gets
  below the bold driver's final loss.

Usage::

    .venv/bin/python bench/synthesis_bench.py            # all cases
    .venv/bin/python bench/synthesis_bench.py --quick    # smaller sizes, fewer repeats
"""
import argparse
import time

import numpy as np

from scatnet import (
    default_auditory,
    sc_backpropagate,
    sc_propagate,
    sc_reconstruct,
    sc_setup,
)
from scatnet.datasets import example_signal


def _median_time(fn, repeats):
    fn()  # warm-up (numba compilation, caches)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def bench_backward(N, K, repeats, n_jobs):
    cases = {
        "order 2 (default_auditory Q=8 + gammatone)": [default_auditory(N, 22050, 8), {"time": {}}],
        "order 3": [default_auditory(N, 22050, 8), {"time": {}}, {"time": {}}],
        "joint": [default_auditory(N, 22050, 8), {"time": {}, "gamma": {}}],
        "spiral": [default_auditory(N, 22050, 8), {"time": {}, "gamma": {}, "j": {}}],
    }
    x = np.random.default_rng(0).standard_normal((K, N))
    print(f"\nbackward/forward, N = {N}, K = {K}, n_jobs = {n_jobs} (median of {repeats})")
    print(f"{'case':45s} {'forward':>9s} {'fwd+U+Y':>9s} {'backward':>9s} {'bwd/fwd':>8s} "
          f"{'bwd/(fwd+U+Y)':>14s}")
    for name, opts in cases.items():
        archs = sc_setup(opts)
        t_plain = _median_time(lambda a=archs: sc_propagate(x, a, n_jobs=n_jobs), repeats)
        t_full = _median_time(lambda a=archs: sc_propagate(x, a, return_U=True, return_Y=True,
                                                           n_jobs=n_jobs), repeats)
        outs = sc_propagate(x, archs, return_U=True, return_Y=True, n_jobs=n_jobs)
        t_back = _median_time(lambda a=archs, o=outs: sc_backpropagate(*o, a, n_jobs=n_jobs),
                              repeats)
        print(f"{name:45s} {t_plain * 1e3:8.1f}ms {t_full * 1e3:8.1f}ms {t_back * 1e3:8.1f}ms "
              f"{t_back / t_plain:8.2f} {t_back / t_full:14.2f}")


def bench_reconstruct(N, n_iterations, n_jobs):
    fs = 8000.0
    x = example_signal(N, fs)
    archs = sc_setup([default_auditory(N, fs, 8), {"time": {}}])
    opt = {"nIterations": n_iterations, "is_verbose": False}
    sc_reconstruct(x, archs, {**opt, "nIterations": 2}, rng=0, n_jobs=n_jobs)  # warm-up
    bold = sc_reconstruct(x, archs, opt, rng=0, n_jobs=n_jobs)
    lbfgs = sc_reconstruct(x, archs, {**opt, "nIterations": 4 * n_iterations}, method="lbfgs",
                           rng=0, n_jobs=n_jobs)
    print(f"\nreconstruction of example_signal(N = {N}), default_auditory(N, 8000, 8) + order 2")
    for r in (bold, lbfgs):
        print(f"  {r.method:12s} {len(r.loss_history):4d} iterations, {r.n_evaluations:4d} "
              f"evaluations, {r.time_s:6.2f} s: loss {r.initial_loss:.2f}% → "
              f"{r.loss_history[-1]:.3f}%")
    target = bold.loss_history[-1]
    below = np.nonzero(lbfgs.loss_history <= target)[0]
    if len(below):
        i = int(below[0])
        print(f"  L-BFGS reaches the bold driver's {n_iterations}-iteration loss ({target:.3f}%) "
              f"at iteration {i + 1}, after {lbfgs.time_history[i]:.2f} s "
              f"(bold driver: {bold.time_s:.2f} s)")
    else:
        print(f"  L-BFGS does not reach {target:.3f}% in {len(lbfgs.loss_history)} iterations")
    at = min(n_iterations, len(lbfgs.loss_history)) - 1
    print(f"  after {at + 1} iterations each: bold driver {target:.3f}%, "
          f"L-BFGS {lbfgs.loss_history[at]:.3f}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--n-jobs", type=int, default=None, help="threads (default: all)")
    args = parser.parse_args()
    N, K, repeats = (8192, 1, 3) if args.quick else (65536, 4, 5)
    bench_backward(N, K, repeats, args.n_jobs)
    bench_reconstruct(4096 if args.quick else 8192, 100, args.n_jobs)


if __name__ == "__main__":
    main()
