% GEN_SCATNET_EXTRA  Generate the extra ScatNet reference files (tests/data/n05-n08).
%   From the repository root:
%     REFGEN_OUT=/tmp/refgen SCATNET_DIR=../shared/upstream/scatnet \
%     octave-cli --eval "addpath('tests/refgen'); addpath('../shared/refgen'); gen_scatnet_extra"
%   then copy the files with tests/data/make_scatnet_data.py (it cuts them down).
scatnet_dir = getenv('SCATNET_DIR');
outdir = getenv('REFGEN_OUT');
if isempty(scatnet_dir) || isempty(outdir), error('set SCATNET_DIR and REFGEN_OUT'); end
old = pwd; cd(scatnet_dir); addpath_scatnet; cd(old);
if ~exist(outdir, 'dir'), mkdir(outdir); end
cases = refgen_scatnet_extra();
for k = 1:numel(cases)
    r = refgen_scatnet_run(cases(k), outdir);
    if r.ok, fprintf('OK    %-26s %s\n', r.name, r.file); else, fprintf('FAIL  %-26s %s\n', r.name, r.error); end
end
