% speech_16k: speech at 16 kHz -- Morlet first order with Q1 = 8, T = 512 samples (32 ms).
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1} = default_auditory(length(x), 16000, 8);
opts{2}.time = struct();
