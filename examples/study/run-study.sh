#!/usr/bin/env bash
# The reduced reproduction of the paper's experiment (Willetts et al., ICLR 2021) as one study:
# beta-TCVAE (beta = 1 is the VAE), Seatbelt-VAE with L = 2 and L = 4 and the beta-TCDLGM
# baseline, on sprites (64x64) and on MNIST (28x28), each over its spec's `sweep beta in
# [1, 2, 4, 8]`, times the seeds below, with all three attacks. One `vaec sweep` runs the whole
# grid (docs/study.md): finished points are reused and unfinished runs continue (--resume), so an
# interrupted study picks up where it stopped. The budget is set here, for every spec at once:
#
#   examples/study/run-study.sh                     # the specs' own budget, seeds 1 and 2
#   SEEDS=1,2,3 STEPS=4000 PAIRS=10 LBFGS_STEPS=100 JOBS=2 examples/study/run-study.sh
#   examples/study/run-study.sh --dry-run           # the points and what is already done
#
# SEEDS (comma-separated), STEPS (training steps; or EPOCHS), PAIRS (attack pairs), LBFGS_STEPS
# (L-BFGS-B iterations per pair and lambda), JOBS (points at once), OUT (the run folders),
# REPORT (the study folder);
# any other `vaec sweep` flag goes after the command. Results: $REPORT/report.html, cells.csv
# (means with 95% CIs), paired.csv, sweep.csv (every pair) and points/ (one record per point).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--seeds "${SEEDS:-1,2}" --jobs "${JOBS:-2}" --out "${OUT:-runs/study/runs}" --report "${REPORT:-runs/study/report}")
if [[ -n "${STEPS:-}" ]]; then args+=(--steps "$STEPS"); fi
if [[ -n "${EPOCHS:-}" ]]; then args+=(--set "train.epochs=$EPOCHS"); fi
if [[ -n "${PAIRS:-}" ]]; then args+=(--pairs "$PAIRS"); fi
if [[ -n "${LBFGS_STEPS:-}" ]]; then args+=(--set "attack.optimizer=lbfgsb(steps = $LBFGS_STEPS)"); fi
exec npx vaec sweep examples/study/sprites/*.vae examples/study/mnist/*.vae --resume "${args[@]}" "$@"
