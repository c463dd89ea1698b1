"""c09_order3: three orders of scattering.

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{2}.time = struct();
    opts{3}.time = struct();
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {}},
    {"time": {}},
]
