% gammatone_16k: an auditory (gammatone) first-order filter bank at 16 kHz.
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1}.time = struct('size', length(x), 'T', 512, 'max_Q', 8, 'max_scale', 4096, ...
                      'wavelet_handle', @gammatone_1d, 'is_chunked', false);
opts{2}.time = struct();
