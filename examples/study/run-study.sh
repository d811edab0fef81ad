#!/usr/bin/env bash
# The reduced reproduction of the paper's experiment (Willetts et al., ICLR 2021) as one study:
# beta-TCVAE (beta = 1 is the VAE), Seatbelt-VAE with L = 2 and L = 4 and the beta-TCDLGM
# baseline, on sprites (64x64) and on MNIST (28x28), each over its spec's sweep (sprites: `sweep
# beta in [1, 2, 4, 8], seed in [1, 2, 3]`; MNIST: beta in [1, 4, 8]), with all three attacks.
# One `vaec sweep` runs the whole grid (docs/study.md): finished points are reused and
# unfinished runs continue (--resume), so an interrupted study picks up where it stopped. The
# budget is set here, for every spec at once:
#
#   examples/study/run-study.sh                     # the study of docs/results.md (hours)
#   SEEDS=1 STEPS=200 PAIRS=2 LBFGS_STEPS=10 REPORT=runs/try examples/study/run-study.sh  # minutes
#   examples/study/run-study.sh --dry-run           # the points and what is already done
#   examples/study/run-study.sh --report-only       # tables and report from the records alone
#
# Each variable overrides the specs' own budget: SEEDS (comma-separated), STEPS (training steps;
# or EPOCHS), PAIRS (attack pairs), LBFGS_STEPS (L-BFGS-B iterations per pair and lambda); JOBS
# (points at once), OUT (the run folders, never committed), REPORT (the study folder). Any other
# `vaec sweep` flag goes after the command. Results: $REPORT/report.html, cells.csv (means with
# 95% CIs), paired.csv, sweep.csv (every pair) and points/ (one small record per point). The
# default REPORT is docs/results/study, committed: its records let a study stopped on one machine
# finish on another (points with a record are never run again), and docs/results.md quotes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(--jobs "${JOBS:-2}" --out "${OUT:-runs/study/runs}" --report "${REPORT:-docs/results/study}")
if [[ -n "${SEEDS:-}" ]]; then args+=(--seeds "$SEEDS"); fi
if [[ -n "${STEPS:-}" ]]; then args+=(--steps "$STEPS"); fi
if [[ -n "${EPOCHS:-}" ]]; then args+=(--set "train.epochs=$EPOCHS"); fi
if [[ -n "${PAIRS:-}" ]]; then args+=(--pairs "$PAIRS"); fi
if [[ -n "${LBFGS_STEPS:-}" ]]; then args+=(--set "attack.optimizer=lbfgsb(steps = $LBFGS_STEPS)"); fi
exec npx vaec sweep examples/study/sprites/*.vae examples/study/mnist/*.vae --resume "${args[@]}" "$@"
