"""gammatone_16k: an auditory (gammatone) first-order filter bank at 16 kHz.

Gammatone wavelets are causal and asymmetric like cochlear filters; below max_scale = 4096
samples (about 4 Hz bandwidth) the quality factor decreases (constant bandwidth).

MATLAB (``gammatone_16k.m``)::

    opts{1}.time = struct('size', length(x), 'T', 512, 'max_Q', 8, 'max_scale', 4096, ...
                          'wavelet_handle', @gammatone_1d, 'is_chunked', false);
    opts{2}.time = struct();
"""
#: Samples of the example signal (2.05 s at 16 kHz); MATLAB takes ``length(x)``.
N = 2 ** 15


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [{"time": {"size": N, "T": 512, "max_Q": 8, "max_scale": 4096,
                      "wavelet_handle": "@gammatone_1d", "is_chunked": False}},
            {"time": {}}]


opts = make_opts()
