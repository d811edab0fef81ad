#!/usr/bin/env bash
# The reduced reproduction of the paper's experiment (Willetts et al., ICLR 2021), on sprites and
# on MNIST: beta-TCVAE (beta = 1 is the VAE), Seatbelt-VAE with L = 2 and L = 4, and the
# beta-TCDLGM baseline, each for beta in {1, 2, 4, 8}, with all three attacks. Runs already done
# are reused, so an interrupted study continues where it stopped.
#   examples/study/run-study.sh                # both data sets, 2 jobs at a time
#   JOBS=1 examples/study/run-study.sh --steps 1000 --pairs 10   # a longer budget
# Results: runs/study/<data>/report.html, sweep.json and sweep.csv; see docs/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
for data in sprites mnist; do
  npx vaec sweep examples/study/"$data"/*.vae --jobs "${JOBS:-2}" \
    --out runs/study/runs --report runs/study/"$data" "$@"
done
