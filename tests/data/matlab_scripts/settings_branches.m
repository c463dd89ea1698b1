file_path = 'chords.wav';
[full_waveform, sample_rate] = audioread_compat(file_path);
N = 2^13;
target_signal = full_waveform(1:N);
arch_type = 'spiral';

%% Options of the transform
T = N/2;
opts{1}.time.T = T;
opts{1}.time.size = N;
opts{1}.time.max_Q = 8;
opts{1}.time.nFilters_per_octave = 8;
opts{1}.time.gamma_bounds = [1 64];

opts{2}.time.T = T;
opts{2}.time.max_scale = Inf;
opts{2}.time.handle = @gammatone_1d;
opts{2}.time.max_Q = 1;

if strcmp(arch_type, 'joint') || strcmp(arch_type, 'spiral')
    opts{2}.gamma.T = 2 * opts{1}.time.nFilters_per_octave;
    opts{2}.gamma.U_log2_oversampling = Inf;
end

if strcmp(arch_type, 'spiral')
    opts{2}.j.invariance = 'bypassed';
elseif arch_type == 3
    opts{2}.j.T = 8;
else
    opts{3}.time = struct();
end

switch arch_type
    case {'plain', 'joint'}
        opts{2}.time.max_Q = 2;
    otherwise
        opts{2}.time.sibling_mask_factor = 2;
end

archs = setup(opts);

for k = 1:3
    disp(k);
    x = target_signal .* k;
    S = propagate(x, archs);
end
reconstruction_opt = fill_reconstruction_opt(struct());
f = @(x) abs(x);
z = 3 + 2i;

function y = helper(x)
y = 2 * x;
end
