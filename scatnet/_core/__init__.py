"""The private execution core shared by every front end (front-end agnostic).

:mod:`.plan` (the execution plan), :mod:`.engine` (one block of rows through it),
:mod:`.run` (the block loop, memory budget, threads), :mod:`.filtering` (filter sets and the
spectral kernels), :mod:`.fft` (FFTs into work buffers, backends), :mod:`.workspace` (kept work
arrays), :mod:`.sinks` (where outputs go), :mod:`.validation` (input signals), :mod:`.cache`.
"""
