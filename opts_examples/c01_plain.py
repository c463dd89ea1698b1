"""c01_plain: plain two-layer scattering (scaled-down example_plain).

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{2}.time = struct();
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {}},
]
