"""``python -m scatnet.demo``: scatter the bundled example signal with both toolboxes' set-ups.

The set-ups are scattering.m's example_plain and ScatNet's audio set-up.
Prints the architecture and a summary of the paths, saves the formatted coefficients and their
paths table (``scattering.npz``) and, if matplotlib is installed, pictures of the first-order
filter bank (``filterbank.png``), of the scalogram U1 (``scalogram.png``) and of a second-order
scattergram (``scattergram.png``).
"""
import argparse
import pathlib
import runpy
import sys
import time

import numpy as np

from . import (
    default_auditory,
    default_filter_options,
    format_scat,
    log_scat,
    renorm_scat,
    sc_format,
    sc_propagate,
    sc_setup,
    scat,
    wavelet_factory_1d,
)
from .datasets import example_signal
from .display import display_bank, display_scalogram, display_scattergram
from .scatnet_1d.display import display_scatnet_scattergram, plot_littlewood_paley_1d


def demo_opts():
    """Build the options of the demo: scattering.m's example_plain at 22050 Hz.

    MATLAB::

        opts{1} = default_auditory(65536, 22050, 8);
        opts{2}.time = struct();

    Returns
    -------
    list of dict
        ``opts`` for :func:`scatnet.sc_setup`: an auditory first layer
        (``default_auditory(65536, 22050, 8)``) and a second layer with default time options.
    """
    return [default_auditory(65536, 22050, 8), {"time": {}}]


def scatnet_part(x, fs, out):
    """Run ScatNet's audio set-up on the same signal: ``log_scat(renorm_scat(scat(x, Wop)))``.

    MATLAB (ScatNet's ``demo/audio_demo1.m`` set-up)::

        filt_opt = default_filter_options('audio', 4096);
        Wop = wavelet_factory_1d(N, filt_opt);
        [table, meta] = format_scat(log_scat(renorm_scat(scat(x, Wop))));

    Parameters
    ----------
    x : ndarray, shape (N,)
        The signal.
    fs : float
        Its sample rate in Hz.
    out : pathlib.Path
        Folder where ``scatnet_table.npz`` is written.

    Returns
    -------
    S : ScatResult
        ``scat(x, Wop)``.
    filters : tuple of FilterBank1D
        The banks of ``Wop``.
    """
    t0 = time.perf_counter()
    Wop, filters = wavelet_factory_1d(len(x), default_filter_options("audio", 4096))
    t1 = time.perf_counter()
    S = scat(x, Wop)
    t2 = time.perf_counter()
    table, meta = format_scat(log_scat(renorm_scat(S)))
    print(f"ScatNet: Q = {[int(b.options['Q']) for b in filters]}, "
          f"J = {[int(b.options['J']) for b in filters]}; wavelet_factory_1d {t1 - t0:.3f} s, "
          f"scat {t2 - t1:.3f} s")
    for m, layer in enumerate(S):
        print(f"  S{{{m + 1}}}: {len(layer.signal)} paths × {layer.signal[0].shape[-1]} frames, "
              f"hop {2 ** int(layer.meta['resolution'][0])} samples")
    print(f"format_scat(log_scat(renorm_scat(S))): {table.shape[0]} paths × {table.shape[1]} frames")
    np.savez_compressed(out / "scatnet_table.npz", table=table, **{f"meta_{k}": v for k, v in meta.items()})
    print(f"saved {out / 'scatnet_table.npz'}")
    return S, filters


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scatnet.demo", description=__doc__.split("\n")[0])
    parser.add_argument("--opts", default=None,
                        help="a Python file defining `opts` (default: scattering.m's example_plain, "
                             "default_auditory(65536, 22050, 8) + a gammatone second order)")
    parser.add_argument("--output", default="demo_output", help="folder for the results")
    parser.add_argument("--fs", type=float, default=22050.0, help="sample rate of the example signal")
    args = parser.parse_args(argv)

    opts = demo_opts() if args.opts is None else runpy.run_path(args.opts)["opts"]
    t0 = time.perf_counter()
    archs = sc_setup(opts)
    t1 = time.perf_counter()
    x = example_signal(archs.size, args.fs)
    S, U = sc_propagate(x, archs, return_U=True, fs=args.fs)
    t2 = time.perf_counter()
    F, paths = sc_format(S)
    print(archs)
    print(f"signal: {archs.size} samples at {args.fs:g} Hz; setup {t1 - t0:.3f} s, "
          f"propagation {t2 - t1:.3f} s (first call includes numba compilation)")
    for layer in S:
        n_frames = layer[0].data.shape[-1]
        print(f"  S{layer.order}: {len(layer)} tensors, {len(layer.paths)} paths × {n_frames} frames, "
              f"hop {layer.paths['hop'][0]:g} samples")
    print(f"sc_format: {F.shape[0]} features × {F.shape[1]} frames")
    order1 = S[1].paths
    print(f"  first order spans {order1['xi1_hz'].min():.1f} – {order1['xi1_hz'].max():.1f} Hz")
    out = pathlib.Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "scattering.npz", F=F, S0=S[0][0].data,
                        **{f"paths_{k}": np.asarray(v).astype(str if k == "matlab_ref" else None)
                           for k, v in paths.to_dict().items()})
    print(f"saved {out / 'scattering.npz'}")
    S_scatnet, filters = scatnet_part(x, args.fs, out)
    try:
        import matplotlib
    except ImportError:
        print("matplotlib not installed: no pictures (pip install 'scatnet[plot]')")
        return 0
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pictures = {
        "filterbank.png": display_bank(archs[0].bank(), fs=args.fs, log_frequency=True),
        "scalogram.png": display_scalogram(U[1], fs=args.fs),
        "scattergram.png": display_scattergram(S, order=min(2, len(S) - 1), fs=args.fs),
    }
    pictures["scatnet_littlewood_paley.png"] = plot_littlewood_paley_1d(filters, fs=args.fs,
                                                                         log_frequency=True)
    pictures["scatnet_scattergram.png"] = display_scatnet_scattergram(
        S_scatnet, order=1, filters=filters, fs=args.fs)
    print(f"first-order Littlewood–Paley sum: max {pictures['filterbank.png'].lp.max():.6f}")
    for name, picture in pictures.items():
        picture.savefig(out / name, dpi=100)
        plt.close(picture.fig)
    print("saved " + ", ".join(str(out / name) for name in pictures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
