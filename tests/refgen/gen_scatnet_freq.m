% GEN_SCATNET_FREQ  Generate the frequency-scattering reference files (tests/data/n09, n10).
%   From the repository root:
%     REFGEN_OUT=/tmp/refgen SCATNET_DIR=../shared/upstream/scatnet \
%     octave-cli --eval "addpath('tests/refgen'); addpath('../shared/refgen'); gen_scatnet_freq"
%   then copy <REFGEN_OUT>/n09_*.mat and n10_*.mat into tests/data/ (they are stored as
%   written, MATLAB v7, compressed).
scatnet_dir = getenv('SCATNET_DIR');
outdir = getenv('REFGEN_OUT');
if isempty(scatnet_dir) || isempty(outdir), error('set SCATNET_DIR and REFGEN_OUT'); end
here = fileparts(mfilename('fullpath'));
old = pwd; cd(scatnet_dir); addpath_scatnet; cd(old);
addpath(here);
if ~exist(outdir, 'dir'), mkdir(outdir); end
cases = refgen_scatnet_freq();
for k = 1:numel(cases)
    r = refgen_scatnet_freq(cases(k), outdir);
    if r.ok
        fprintf('OK    %-26s %s (%d bytes)\n', r.name, r.file, r.bytes);
    else
        fprintf('FAIL  %-26s %s\n', r.name, r.error);
    end
end
