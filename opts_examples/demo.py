"""Options of ``make demo``: scattering.m's example_plain at 22050 Hz.

MATLAB::

    opts{1} = default_auditory(65536, 22050, 8);
    opts{2}.time = struct();
"""
from scatnet import default_auditory

opts = [
    default_auditory(65536, 22050, 8),
    {"time": {}},
]
