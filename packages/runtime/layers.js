// The runtime's layers, lowest first: a module may import from its own layer and the layers
// below it, never from a layer above. eslint.config.js turns this list into lint rules, with no
// exceptions: a module that needs something above it is in the wrong layer (move it, or move what
// it needs down to the lowest layer that uses it).
//
//   backend, diagnostics        tfjs set-up, kernels, the diagnostics catalogue
//   data, distributions         datasets, loaders, sprites; densities
//   model                       networks and the VAE model
//   losses                      forward passes, likelihoods, KL and TC terms, the objective
//   attack                      attack objectives, solvers, pair picking
//   train, eval, checkpoint,    training, held-out evaluation, checkpoints and run folders
//   run-store                   (one layer: a run is trained, evaluated and stored together)
//   metrics, figures, export    what is computed from a finished run: vaec eval, sample, export;
//                               the SVG panels (attack, traversal) that attacks and reports draw
//   attack-pipeline             attacking a stored run
//   report                      the HTML report of a run
//   study                       grids of runs and their tables
//   distributed                 studies on a queue of workers
export const RUNTIME_LAYERS = [
  ["backend", "diagnostics"],
  ["data", "distributions"],
  ["model"],
  ["losses"],
  ["attack"],
  ["train", "eval", "checkpoint", "run-store"],
  ["metrics", "figures", "export"],
  ["attack-pipeline"],
  ["report"],
  ["study"],
  ["distributed"],
];
