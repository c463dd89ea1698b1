"""rlc_16k: RLC (one-pole resonator) wavelets at both orders, 16 kHz.

**scatnet only**: the original's ``@RLC_1d`` crashes (spec §2.1/§2.3); scatnet implements it
as a first-class wavelet (doc/differences.md), so this file runs in scatnet but not in MATLAB.

MATLAB (``rlc_16k.m``)::

    opts{1}.time = struct('size', length(x), 'T', 512, 'max_Q', 8, 'max_scale', 4096, ...
                          'wavelet_handle', @RLC_1d, 'is_chunked', false);
    opts{2}.time = struct('wavelet_handle', @RLC_1d);
"""
#: Samples of the example signal (2.05 s at 16 kHz); MATLAB takes ``length(x)``.
N = 2 ** 15


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [{"time": {"size": N, "T": 512, "max_Q": 8, "max_scale": 4096,
                      "wavelet_handle": "@RLC_1d", "is_chunked": False}},
            {"time": {"wavelet_handle": "@RLC_1d"}}]


opts = make_opts()
