"""c03_morlet2: Morlet wavelets at the second order, Q2 = 2, path mask factor 2.

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{2}.time = struct('sibling_mask_factor', 2, 'U_log2_oversampling', 2, ...
                          'wavelet_handle', @morlet_1d, 'max_Q', 2);
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {"sibling_mask_factor": 2, "U_log2_oversampling": 2,
              "wavelet_handle": "@morlet_1d", "max_Q": 2}},
]
