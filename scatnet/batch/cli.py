"""The ``scatnet`` command (also ``python -m scatnet``): ``extract``, ``info``, ``bank``.

Exit status: 0 when everything went through, 1 when some inputs failed (they are recorded in
the output and listed in the summary), 2 for a usage error or a refused run (bad options, an
output made with other settings, …).
"""
import argparse
import sys

import numpy as np

from .._core.memory import minimum_budget, signal_bytes
from .._core.run import MEMORY_BUDGET
from .._errors import ScatnetError
from .._version import __version__
from ..scattering_m.architecture import sc_setup
from ..scattering_m.stream import sc_paths
from .extract import FORMATS, extract
from .optsfile import load_opts

__all__ = ["build_parser", "main"]


def _opts_arguments(p):
    p.add_argument("opts", metavar="OPTS", help="opts file: .py (as in opts_examples/), MATLAB .m "
                                                "script or .json")
    p.add_argument("--fs", type=float, metavar="HZ",
                   help="sample rate the opts assume (default: what OPTS says)")
    p.add_argument("--size", type=int, metavar="N",
                   help="signal length OPTS is written for (MATLAB length(x), make_opts(N))")
    p.add_argument("--chunked", action="store_true",
                   help="set opts{1}.time.is_chunked: signals of any length, cut in chunks")


def build_parser():
    """Build the argument parser of the ``scatnet`` command.

    Returns
    -------
    argparse.ArgumentParser
        With the sub-commands ``extract``, ``info`` and ``bank``.
    """
    parser = argparse.ArgumentParser(prog="scatnet", description="Wavelet scattering features "
                                     "(scattering.m and ScatNet, in Python).")
    parser.add_argument("--version", action="version", version=f"scatnet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="features of many recordings into one output",
                        description="Scatter sound files, .npy/.mat stacks, folders or lists of "
                        "paths into one HDF5 file (or a folder of .npz/.mat files). Resumable.")
    _opts_arguments(ex)
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="sound file, .npy/.mat (N,) or (K, N), folder, or .txt list of paths")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="HDF5 file (or folder for --format npz|mat)")
    ex.add_argument("--format", choices=FORMATS, default="h5", help="output format (default h5)")
    ex.add_argument("--sr", action="store_true",
                    help="resample files at another rate to the opts' rate (resample_poly)")
    ch = ex.add_mutually_exclusive_group()
    ch.add_argument("--mono", action="store_true", help="average the channels of sound files")
    ch.add_argument("--channel", type=int, metavar="I", help="keep channel I (0-based) only")
    ex.add_argument("--float32", action="store_true", help="compute and store in float32")
    ex.add_argument("--glob", default="**/*", metavar="PATTERN",
                    help="files of folders (default '**/*': all, recursively)")
    again = ex.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true",
                       help="complete an existing output (skip inputs already there)")
    again.add_argument("--overwrite", action="store_true", help="replace an existing output")
    where = ex.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=0, metavar="N",
                       help="Dask LocalCluster of N processes (default: in this process)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="existing Dask scheduler")
    ex.add_argument("--threads", type=int, metavar="N",
                    help="scatnet threads per task (default: the cores, shared by the workers)")
    ex.add_argument("--stream-above", type=float, default=300.0, metavar="SECONDS",
                    help="stream sound files longer than this (chunked opts; default 300)")
    ex.add_argument("--quiet", action="store_true", help="no progress and no summary")
    info = sub.add_parser("info", help="architecture, paths, output size and memory of OPTS")
    _opts_arguments(info)
    bank = sub.add_parser("bank", help="draw the filter banks of OPTS")
    _opts_arguments(bank)
    bank.add_argument("-o", "--output", required=True, metavar="IMAGE",
                      help="image file (.png, .pdf, .svg)")
    bank.add_argument("--log", action="store_true", help="logarithmic frequency axis")
    return parser


def _extract(a):
    channels = "mono" if a.mono else (a.channel if a.channel is not None else "all")
    summary = extract(a.inputs, a.opts, a.output, fs=a.fs, resample=a.sr, channels=channels,
                      float32=a.float32, chunked=a.chunked, size=a.size, glob=a.glob,
                      format=a.format, resume=a.resume, overwrite=a.overwrite, workers=a.workers,
                      scheduler=a.scheduler, n_jobs=a.threads, stream_seconds=a.stream_above,
                      quiet=a.quiet)
    if not a.quiet:
        print(summary)
    elif summary.failed:
        print(f"scatnet extract: {summary.failed} input(s) failed", file=sys.stderr)
    return 1 if summary.failed else 0


def _mib(n):
    return f"{n / 2 ** 20:.1f} MiB"


def _info(a):
    opts, fs_file = load_opts(a.opts, size=a.size, chunked=a.chunked)
    fs = a.fs if a.fs is not None else fs_file
    archs = sc_setup(opts)
    paths = sc_paths(archs, fs=fs)
    inp = archs.plan.input
    origin = "--fs" if a.fs is not None else ("the opts file" if fs_file else None)
    print(f"opts: {a.opts} (fs = {f'{fs:g} Hz, from {origin}' if fs else 'not given: --fs HZ'})")
    print(repr(archs))
    sec = f" = {inp.size / fs:.3g} s" if fs else ""
    if inp.is_chunked:
        print(f"signals: any length, in chunks of size {inp.size} samples{sec}")
    else:
        print(f"signals: up to size {inp.size} samples{sec} (not chunked: --chunked for longer)")
    order, hop = np.asarray(paths["order"]), np.asarray(paths["hop"], dtype=float)
    print(f"paths: {len(paths)} features (sc_format rows)")
    for m in sorted(set(order.tolist())):
        rows = order == m
        line = f"  order {m}: {int(rows.sum())}"
        if fs and f"xi{m}_hz" in paths.columns:
            xi = np.asarray(paths[f"xi{m}_hz"], dtype=float)[rows]
            line += f", centre frequencies {np.nanmin(xi):.4g} – {np.nanmax(xi):.4g} Hz"
        print(line + f", hop {int(hop[rows][0])} samples")
    if fs:
        frames = fs / hop[0]
        values = len(paths) * frames
        print(f"output per second of audio: {len(paths)} features × {frames:.4g} frames = "
              f"{values:.0f} values ({values * 8 / 1024:.4g} KiB float64, "
              f"{values * 4 / 1024:.4g} KiB float32)")
    else:
        print(f"output per {hop[0]:g} samples: one frame of {len(paths)} features")
    for dtype in ("float64", "float32"):
        b = signal_bytes(archs.walk(), np.dtype(dtype))
        least = minimum_budget(archs.walk(), np.dtype(dtype))
        fit = (f"{MEMORY_BUDGET // b} per block in the {_mib(MEMORY_BUDGET)} budget" if b <=
               MEMORY_BUDGET else f"the last layer in pieces; at least {_mib(least)} needed")
        print(f"memory per signal ({dtype}): {_mib(b)} of work arrays per {inp.size} samples "
              f"whole; {fit}")
    return 0


def _bank(a):
    from matplotlib.figure import Figure

    from ..display import display_bank

    opts, fs_file = load_opts(a.opts, size=a.size, chunked=a.chunked)
    fs = a.fs if a.fs is not None else fs_file
    archs = sc_setup(opts)
    banks = [(m, plan.variable, bank) for m, layer in enumerate(archs)
             for plan, bank in zip(layer.bank_plans, layer.banks)]
    fig = Figure(figsize=(9, 3.4 * len(banks)), layout="constrained")
    axes = np.atleast_1d(fig.subplots(len(banks), 1))
    for ax, (m, variable, bank) in zip(axes, banks):
        time_bank = variable == "time"
        display_bank(bank, fs=fs if time_bank else None, ax=ax, log_frequency=a.log and time_bank)
        ax.set_title(f"archs{{{m + 1}}} ({variable}): " + ax.get_title(), fontsize=9)
    fig.savefig(a.output, dpi=110)
    print(f"{len(banks)} filter bank(s) drawn in {a.output}")
    return 0


def main(argv=None):
    """Run the ``scatnet`` command.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 done, 1 some inputs failed, 2 usage error or refused run.
    """
    a = build_parser().parse_args(argv)
    try:
        return {"extract": _extract, "info": _info, "bank": _bank}[a.command](a)
    except (ScatnetError, ImportError, OSError) as e:
        print(f"scatnet {a.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"scatnet {a.command}: interrupted (what was committed is kept; --resume goes on)",
              file=sys.stderr)
        return 130
