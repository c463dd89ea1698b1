"""Cut ScatNet's reference files (``shared/reference/scatnet``) down to what the tests read.

Run from the repository root: ``python tests/data/make_scatnet_data.py ../shared/reference/scatnet``
for the shared cases n01–n04, and ``python tests/data/make_scatnet_data.py /tmp/refgen n05 n06 n07 n08 n11``
for our own cases made by ``tests/refgen/gen_scatnet_extra.m`` (see its header).
The wavelets' Fourier responses (``psi_ft``: ``N_f × nψ``, zero outside each filter's
truncation window) are stored as their windows only (``psi_win``, rebuilt by
``tests/_scatnet_reference.psi_ft``), the low-pass ``phi_ft`` as a sparse column; n02 keeps only its post-processed tables
(its S is n01's). Everything else is copied as it is.
"""
import pathlib
import sys

import numpy as np
import scipy.io
import scipy.sparse

CASES = ("n01_audio", "n02_renorm_log", "n03_batch", "n04_gabor_spline")
EXTRA = ("n05_order3_per", "n06_oversampled_short", "n07_zero_multires_batch",
         "n08_linear_spline_fourier", "n11_spline_nonpow2")


def window_bins(start, length, size):
    """0-based bins of a truncation window: 1-based ``start`` (may be ≤ 0), circular."""
    return (int(start) - 1 + np.arange(int(length))) % int(size)


def _bank(b):
    """``psi_ft`` → ``psi_win``: each column's window ``psi_trunc_start … + psi_trunc_length``
    concatenated (the rest is zero); ``phi_ft`` sparse."""
    out = {k: v for k, v in b.items() if k != "psi_ft"}
    psi = np.asarray(b["psi_ft"])
    size = psi.shape[0]
    parts = []
    for i, (s, n) in enumerate(zip(b["psi_trunc_start"], b["psi_trunc_length"])):
        bins = window_bins(s, n, size)
        rest = np.ones(size, bool)
        rest[bins] = False
        assert not psi[rest, i].any(), "nonzero outside the truncation window"
        parts.append(psi[bins, i])
    out["psi_win"] = np.concatenate(parts)
    out["phi_ft"] = scipy.sparse.csc_matrix(np.asarray(b["phi_ft"]).reshape(-1, 1))
    return out


def main(src, prefixes=()):
    src = pathlib.Path(src)
    dst = pathlib.Path(__file__).parent
    names = [n for n in CASES + EXTRA if (src / f"{n}.mat").exists()
             and (not prefixes or n.split("_")[0] in prefixes)]
    for name in names:
        d = scipy.io.loadmat(src / f"{name}.mat", simplify_cells=True)
        d = {k: v for k, v in d.items() if not k.startswith("__")}
        if name == "n02_renorm_log":
            d = {k: d[k] for k in ("x", "x_m", "code_m", "S_table", "S_renorm_table",
                                   "S_logrenorm_table", "meta")}
        else:
            if len(d.get("banks", [])):
                d["banks"] = np.array([_bank(b) for b in d["banks"]], dtype=object)
            d["S_paths"] = np.array(d["S_paths"], dtype=object)
        scipy.io.savemat(dst / f"{name}.mat", d, do_compression=True, oned_as="column")
        print(name, (dst / f"{name}.mat").stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/scatnet", tuple(sys.argv[2:]))
