import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of training runs, checkpoints and the run store (VAE540-VAE559); the format is @vaec/dsl's `CatalogueEntry`. */
export const RUN_CODES = defineCatalogue({
  VAE540: {
    title: "a loss term became NaN or infinite",
    severity: "error",
    messages: {
      nonFiniteLoss: "the `{term}` term became {value} at step {step}",
    },
    explanation: `During \`vaec train\` every term of the objective (the log-likelihood, each layer's KL, each TC
estimate, the ELBO and the loss) is checked after each step. When one is NaN or infinite the
step's update is not applied, training stops, and the message names the term and the step. The
last checkpoint written before it is kept, so nothing good is lost. The usual causes are a
learning rate too high for the model, a very large penalty beta, or data outside the range the
likelihood expects.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/vae.vae   # with optimizer = adam(lr = 10)
error[VAE540]: the \`kl.z\` term became Infinity at step 12
  = note: training stopped; no checkpoint had been written yet
help: lower the learning rate (\`optimizer = adam(lr = ...)\` in the \`train\` block) or the penalty's beta, then train again
\`\`\``,
    },
    fix: `Lower the learning rate or the penalty's beta and train again (or resume from the kept
checkpoint with \`--resume\` after changing nothing else that affects the data order).`,
  },
  VAE541: {
    title: "not a run directory, or no checkpoint in it",
    severity: "error",
    messages: {
      missingRun: "`{runDir}` has no {what}",
    },
    explanation: `\`vaec eval\`, \`vaec sample\`, \`vaec export\` and \`vaec train --resume\` work on a run directory
written by \`vaec train\` (\`runs/<model>-<hash>/\`, holding \`ir.json\`, \`run.json\` and
\`checkpoints/latest.json\`). This error says the directory given is not one, or that training has
not written a checkpoint in it yet.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/nothing-here
error[VAE541]: \`runs/nothing-here\` has no ir.json and run.json (it is not a vaec run directory)
help: pass a run directory written by \`vaec train\` (runs/<model>-<hash>), after at least one checkpoint
\`\`\``,
    },
    fix: `Pass the directory \`vaec train\` printed when it finished (it prints the path on stdout), or train
first.`,
  },
  VAE542: {
    title: "a checkpoint cannot be used",
    severity: "error",
    messages: {
      badCheckpoint: "checkpoint `{file}` cannot be used: {reason}",
    },
    explanation: `A checkpoint is \`checkpoints/step-NNNNNN/manifest.json\` (a tfjs-style weight manifest) plus one
\`weights.bin\`. It is written atomically, so a crash cannot leave a half-written one behind; this
error means the files were changed or damaged afterwards, or that the checkpoint belongs to a
different model (a tensor is missing or has another size).`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Seatbelt-1a2b3c4d
error[VAE542]: checkpoint \`runs/Seatbelt-1a2b3c4d/checkpoints/step-000300/weights.bin\` cannot be used: it has 1024 bytes, expected 35913728
help: it was written by a different model or is damaged; delete the run folder and train again
\`\`\``,
    },
    fix: `Delete the run folder and train again, or restore the run directory from a copy.`,
  },
  VAE543: {
    title: "cannot resume with different data settings",
    severity: "error",
    messages: {
      resumeMismatch: "cannot resume: the {what} was {saved} and is now {now}",
    },
    explanation: `\`--resume\` continues a run exactly where it stopped: the same data order, the same optimizer
state and the same noise, all derived from the seed, the training-set size and the batch size.
Everything that could change them (every train setting, and the data's content) is part of the
run's id (docs/runs.md), so changed settings or changed data lead to another run folder, never
to this one. This error is the last check before resuming: the checkpoint's recorded position
(training-set size, batch, seed) disagrees with the run as it is loaded now, which means the run
folder was changed by hand (a checkpoint copied in from another run).`,
    example: {
      shown: `\`\`\`
$ vaec train examples/conv-seatbelt.vae --resume
error[VAE543]: cannot resume: the training-set size was 9000 and is now 8000
help: the run folder's checkpoint does not match its run; delete the run folder and train again
\`\`\``,
    },
    fix: `Delete the run folder and train again (or restore it from an untouched copy).`,
  },
  VAE544: {
    title: "the backend cannot train this model",
    severity: "error",
    messages: {
      missingKernel: "backend `{backend}` cannot train this model: it has no {list} kernel",
    },
    explanation: `Training differentiates every network of the model, and each tfjs backend implements its own
set of kernels. Convolutional networks need the \`Conv2D\` and \`Conv2DBackpropInput\` kernels (vaec
computes the filter gradients itself, as a matrix product, because the wasm backend has no
\`Conv2DBackpropFilter\`). \`vaec train\` checks that the backend in use has them before loading
any data, instead of failing with an internal error at the first step.`,
    example: {
      shown: `\`\`\`
$ VAEC_BACKEND=some-backend vaec train examples/conv-seatbelt.vae
error[VAE544]: backend \`some-backend\` cannot train this model: it has no \`Conv2DBackpropInput\` kernel
  = note: the model has convolutional networks, whose gradients need these kernels
help: train it on another backend: \`--backend tfjs-node\` (when installed) or \`--backend cpu\` (slow)
\`\`\``,
    },
    fix: `Pick a backend that has the kernels: wasm, cpu, tfjs-node and tfjs-node-gpu all do. MLP models
train on every backend.`,
  },
  VAE545: {
    title: "the run is in use by another process",
    severity: "error",
    messages: {
      runLocked: "`{runDir}` is in use by `{command}` (pid {pid} on {host}, since {startedAt})",
    },
    explanation: `Only one process at a time may write a run directory. \`vaec train\`, \`vaec attack\`, \`vaec run\` and
every sweep point take the run's lock, \`run.lock\` (holding the owner's pid, host, start time and
command line), before they change anything in it. When another live process holds it, the
command stops with this error and touches nothing: no checkpoint is deleted, no metrics line is
written, no results are replaced. So a second \`vaec train\` of the same spec cannot interleave its
steps with the first, and an attack cannot read a model that is being trained.

A lock whose owner is dead is not an error: on the same machine a lock whose pid is gone is taken
over at once; a lock from another machine (a shared disk) is taken over once it has not been
touched for 30 minutes (a live owner touches it every minute). See docs/runs.md.`,
    example: {
      shown: `\`\`\`
$ vaec train my.vae --steps 2000 --resume     # while another \`vaec train\` of it runs
error[VAE545]: \`runs/My-99731857\` is in use by \`vaec train my.vae --steps 2000\` (pid 16884 on vm, since 2026-12-05T12:53:06.184Z)
  = note: nothing in the run directory was changed
help: wait for that process to finish (or stop it with Ctrl-C), then run this again
\`\`\``,
    },
    fix: `Wait for the other command to finish, or stop it (Ctrl-C saves a checkpoint; then continue with
\`--resume\`). If the lock belongs to another machine whose process you know is gone, delete
\`run.lock\` in the run directory.`,
  },
  VAE546: {
    title: "the run at these settings did not finish",
    severity: "error",
    messages: {
      unfinishedRun: "`{runDir}` {state} at step {step} of {totalSteps} ({status})",
    },
    explanation: `Runs are identified by everything that changes training: the model, every train setting (steps
or epochs, batch, learning rate, seed, data source, held-out split) and the data's content. A
run is reused only when it finished at exactly the requested settings. When the run for the
settings you asked for exists but stopped part-way (Ctrl-C, a killed process, a full disk) or
diverged, vaec neither reuses it (its model is not the one you asked for) nor continues it
silently: it says which run, at which step of how many, and asks you to choose.

This is what keeps an interrupted run out of a study: a 2000-step run stopped at step 479 is
never taken for a finished run, and a 200-step request trains its own run.`,
    example: {
      shown: `\`\`\`
$ vaec train my.vae --steps 2000      # after an earlier \`vaec train my.vae --steps 2000\` was stopped
error[VAE546]: \`runs/My-99731857\` stopped at step 479 of 2000 (interrupted)
  = note: a run is reused only when it finished at exactly the requested settings, and continued only when asked
help: continue it with \`vaec train my.vae --steps 2000 --resume\`, or delete \`runs/My-99731857\` to start over
\`\`\``,
    },
    fix: `Add \`--resume\` to the same command to continue the run from its last checkpoint (\`vaec train\`,
\`vaec attack SPEC\` and \`vaec run\` all take it), or delete the run folder to start over. For a
run that diverged, lower the learning rate or the penalty's beta instead (a new run), since
retrying the same settings usually diverges again.`,
  },
  VAE547: {
    title: "a run file of another format version",
    severity: "error",
    messages: {
      incompatibleVersion: "`{file}` is a {what} of {shown}; this vaec reads version {version}",
    },
    explanation: `Every file of a run directory names its format and version: \`run.json\` (\`vaec-run\`, 2),
\`ir.json\` (the IR's \`version\`, 1), each checkpoint's \`manifest.json\` (\`vaec-checkpoint\`, 1),
\`checkpoints/latest.json\` (\`vaec-checkpoint-pointer\`, 1), the first line of \`metrics.jsonl\`
(\`vaec-metrics\`, 1) and \`attack/results.json\` (\`vaec-attack-results\`, 1). vaec checks them on
every read and refuses a file of another version rather than guessing what its fields mean. A
run written by an older vaec has an older version (or none at all); one written by a newer vaec
has a higher one.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Seatbelt-1a2b3c4d      # a run written by an older vaec
error[VAE547]: \`runs/Seatbelt-1a2b3c4d/run.json\` is a run record of no version (an older vaec); this vaec reads version 2
help: it was written by an older vaec and cannot be read: delete the run folder and train again
\`\`\``,
    },
    fix: `For an older run, delete its folder and train the spec again (the spec, \`spec.vae\` inside the
folder, is still readable). For a newer one, upgrade vaec. vaec never converts a run in place.`,
  },
  VAE548: {
    title: "a run file is damaged",
    severity: "error",
    messages: {
      damagedRunFile: "`{file}` is damaged: {reason}",
    },
    explanation: `A file of the run directory exists but is not what its name says: not JSON, cut short, a file of
another kind, or missing where the run record says it must be (a finished run with no
\`checkpoints/latest.json\`). vaec writes every one of these files atomically, so this happens
when the folder was changed by hand, copied while a run was writing it, or damaged by something
outside vaec.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/My-99731857
error[VAE548]: \`runs/My-99731857/run.json\` is damaged: it is not JSON (Unexpected end of JSON input)
help: the run directory was changed by hand or by a crash outside vaec; delete the run folder and train again
\`\`\``,
    },
    fix: `Delete the run folder and train again. If the folder was copied from elsewhere, copy it again
while nothing writes it.`,
  },
  VAE549: {
    title: "the disk is full",
    severity: "error",
    messages: {
      diskFull: "cannot write `{file}`: {reason}",
    },
    explanation: `A run file could not be written because the disk is full (ENOSPC), the disk quota is used up
(EDQUOT) or the file system is read-only (EROFS). It can happen while saving a checkpoint,
appending a metrics line, updating \`run.json\`, writing attack results, a report or an export.
vaec stops the command, removes the temporary file or folder it was writing, leaves the file it
would have replaced as it was (the previous checkpoint, the previous results), cuts back a
metrics line that was only partly appended, records the training session as \`failed\` when it
still can, releases the run's lock and exits with code 1.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/seatbelt.vae
error[VAE549]: cannot write \`runs/Seatbelt-1a2b3c4d/checkpoints/step-001000\`: the disk is full
  = note: the half-written file was removed; the run's earlier checkpoints, metrics and results are intact
help: free some space (old runs under \`runs/\` are safe to delete), then continue with \`--resume\`, or use \`--out DIR\` on another disk
\`\`\``,
    },
    fix: `Free some space (finished runs you no longer need can be deleted whole), then run the same
command with \`--resume\` to continue from the last checkpoint; or write runs to another disk with
\`--out DIR\`. On a read-only file system, use \`--out\` with a writable folder.`,
  },
  VAE550: {
    title: "a run file cannot be written",
    severity: "error",
    messages: {
      cannotWrite: "cannot write `{file}`: {reason}",
    },
    explanation: `Writing a file of the run failed for a reason other than a full disk: the folder is not
writable, a folder stands where the file should be, or the path is too long. As with a full
disk, the temporary file is removed and nothing else is changed.`,
    example: {
      shown: `\`\`\`
$ vaec train my.vae --out notes.txt      # a file where the runs' folder should be
error[VAE550]: cannot write \`notes.txt/My-5fa007b3/run.lock\`: ENOTDIR: not a directory, mkdir 'notes.txt/My-5fa007b3'
  = note: the half-written file was removed; nothing else was changed
help: check the folder's permissions, or write the runs elsewhere with \`--out DIR\`
\`\`\``,
    },
    fix: `Make the folder writable, or choose another parent folder for runs with \`--out DIR\`.`,
  },
  VAE551: {
    title: "the folder holds another run",
    severity: "error",
    messages: {
      foreignRun: "`{runDir}` holds run {found}, not the requested {expected}",
    },
    explanation: `A run folder is named \`<model>-<id8>\`, the first 8 hex digits of the run's id; \`run.json\` keeps
all 64. Before using a folder, vaec checks that the whole id matches the run it wants. A
mismatch means the folder was copied or renamed by hand (or, very rarely, two runs share their
first 8 digits), and using it would mix two different trainings.`,
    example: {
      shown: `\`\`\`
$ vaec attack my.vae
error[VAE551]: \`runs/My-99731857\` holds run 9973185700000000, not the requested 99731857299f91b2
  = note: the folder name keeps 8 hex digits of the run id; the run record keeps all of them
help: the folder was copied or renamed by hand; move it away (or delete it) and run again
\`\`\``,
    },
    fix: `Move the folder away or delete it, then run the command again; vaec will train the run it asked
for into a fresh folder.`,
  },
});
