import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of studies and their point processes (VAE560-VAE579); the format is @vaec/dsl's `CatalogueEntry`. */
export const STUDY_CODES = defineCatalogue({
  VAE560: {
    title: "the study has too many points",
    severity: "error",
    messages: {
      tooManyPoints: "this study has {points} points, more than {max}",
    },
    explanation: `A study is every spec's grid together: the Cartesian product of each spec's \`sweep\` axes (with
\`--grid\` axes added to every spec), summed over the specs. Each point trains and attacks a
model, so a list typed by mistake, one axis too many or a glob that matched more specs than
meant could start weeks of work. \`vaec sweep\` counts the points before anything runs and stops
when they exceed \`--max-points\` (2,000 by default); each spec's own grid is capped separately at
1,000 points (VAE126).`,
    example: {
      shown: `\`\`\`
$ vaec sweep examples/study/*/*.vae --grid "seed in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]" --grid "train.steps in [100, 200, 400, 800, 1600, 3200, 6400]"
error[VAE560]: this study has 2,240 points, more than 2,000
  = note: each point trains and attacks a model; nothing was started
help: check the specs' \`sweep\` lines and \`--grid\` for a list typed by mistake (\`vaec sweep --dry-run\` lists the points), or raise the cap with \`--max-points 2240\`
\`\`\``,
    },
    fix: `List the points with \`vaec sweep ... --dry-run\` and remove what was not meant; split a large
study into several, or raise the cap deliberately with \`--max-points N\`.`,
  },
  VAE561: {
    title: "a point's process ended without a result",
    severity: "error",
    messages: {
      workerDied: "the process running {label} {how}",
    },
    explanation: `\`vaec sweep --jobs N\` runs points in N child processes. When a child ends before reporting its
point (killed with \`kill -9\`, stopped by the kernel for lack of memory, or crashed in native
code), that point is reported with VAE561 and the pool goes on with the other points in a new
child. Nothing already finished is lost: the point's run keeps every checkpoint it wrote, and
the study's records of finished points stay.`,
    example: {
      shown: `\`\`\`
$ vaec sweep examples/study/sprites/*.vae --jobs 2
...
SeatbeltL2 beta=4 train.seed=1 failed:
error[VAE561]: the process running SeatbeltL2 beta=4 train.seed=1 was killed by SIGKILL
  = note: its run \`runs/SeatbeltL2-3f2a9c1d\` keeps every checkpoint written before; the other points went on
help: run the same \`vaec sweep\` again with \`--resume\`: finished points are reused and this one continues from its last checkpoint
\`\`\``,
    },
    fix: `Run the same command again with \`--resume\`. If the kernel killed the child for memory, lower
\`--jobs\` (each child holds a model, its data and the attack batch).`,
  },
  VAE562: {
    title: "a point stopped before it was attacked",
    severity: "error",
    messages: {
      pointStopped: "{label} stopped at step {step} of {totalSteps} before it was attacked",
    },
    explanation: `A point is attacked only once its run has trained to its whole budget (or stopped early by its
\`early_stop\` rule): attacking a half-trained model would put a different model in the study's
tables. When training stops part-way, on Ctrl-C (each running point saves a checkpoint first)
or because the run was left unfinished, the point is reported with VAE562 and left for the next
run of the study.`,
    example: {
      shown: `\`\`\`
$ vaec sweep examples/study/sprites/*.vae      # Ctrl-C part-way
stopping: each running point saves a checkpoint (Ctrl-C again to kill them)
BetaTcVae beta=2 train.seed=1 failed:
error[VAE562]: BetaTcVae beta=2 train.seed=1 stopped at step 180 of 400 before it was attacked
  = note: a point is attacked only once its run has finished training
help: run the same \`vaec sweep\` again with \`--resume\` to continue it from its last checkpoint
\`\`\``,
    },
    fix: `Run the same \`vaec sweep\` again with \`--resume\`.`,
  },
});
