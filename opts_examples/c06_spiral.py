"""c06_spiral: spiral scattering (finite differences across octaves).

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{2}.time = struct();
    opts{2}.gamma = struct();
    opts{2}.j = struct();
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {}, "gamma": {}, "j": {}},
]
