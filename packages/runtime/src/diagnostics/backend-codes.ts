import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of backends and fast-path switches (VAE530-VAE539); the format is @vaec/dsl's `CatalogueEntry`. */
export const BACKEND_CODES = defineCatalogue({
  VAE530: {
    title: "the requested backend is not installed",
    severity: "error",
    messages: {
      backendNotInstalled: "backend `{name}` is not installed{by}",
    },
    explanation: `\`--backend\` or the \`VAEC_BACKEND\` variable asked for a tfjs backend whose package is not
installed. \`@tensorflow/tfjs-node\` and \`@tensorflow/tfjs-node-gpu\` are optional dependencies of
vaec: their install step downloads the TensorFlow C library, so they are often absent (on a
machine without network access at install time, for example). Without \`--backend\`, vaec tries
the backends best first (tfjs-node-gpu, tfjs-node, wasm, cpu) and uses the first that starts;
a forced backend that cannot start is an error instead, so a run never silently uses a
different backend than the one asked for.`,
    example: {
      shown: `\`\`\`
$ VAEC_BACKEND=tfjs-node vaec train examples/vae.vae
error[VAE530]: backend \`tfjs-node\` is not installed (requested by \`VAEC_BACKEND\`)
help: install it with \`npm install @tensorflow/tfjs-node\` (its install step downloads the TensorFlow C library, so it needs network access then), or unset \`VAEC_BACKEND\` to use the best backend available
\`\`\``,
    },
    fix: `Install the package as the help line says, or drop \`--backend\` / unset \`VAEC_BACKEND\` and let
vaec pick. \`vaec doctor\` lists every backend and why it can or cannot start.`,
  },
  VAE531: {
    title: "the requested backend is installed but failed to load",
    severity: "error",
    messages: {
      backendUnusable: "backend `{name}` is installed but {reason}{by}",
    },
    explanation: `The forced backend's package is there, but importing or starting it threw: typically
tfjs-node's native library (\`libtensorflow.so\`) is missing or built for another platform, or
the wasm backend's \`.wasm\` binaries are missing from \`node_modules/@tensorflow/tfjs-backend-wasm/dist\`.
The message quotes the first line of the error. Without \`--backend\` the same failure is not an
error: vaec notes it (\`--verbose\`, \`vaec doctor\`) and moves on to the next backend.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/vae.vae --backend tfjs-node
error[VAE531]: backend \`tfjs-node\` is installed but failed to load: libtensorflow.so.2: cannot open shared object file (requested by \`--backend\`)
  = note: \`vaec doctor\` lists every backend and why it can or cannot start
help: reinstall it with \`npm install @tensorflow/tfjs-node\` (its install step downloads the TensorFlow C library, so it needs network access then), or unset \`--backend\` to use the best backend available
\`\`\``,
    },
    fix: `Reinstall the package (its install step must be able to download its native library), or use
another backend.`,
  },
  VAE532: {
    title: "unknown backend name",
    severity: "error",
    messages: {
      unknownBackend: "unknown backend `{name}` requested by {source}",
    },
    explanation: `\`--backend\` and \`VAEC_BACKEND\` take one of \`tfjs-node-gpu\`, \`tfjs-node\`, \`wasm\` or \`cpu\`.
Any other value is rejected before anything starts, with the closest valid name suggested.`,
    example: {
      shown: `\`\`\`
$ VAEC_BACKEND=wsam vaec train examples/vae.vae
error[VAE532]: unknown backend \`wsam\` requested by \`VAEC_BACKEND\`
  = note: the backends are \`tfjs-node-gpu\`, \`tfjs-node\`, \`wasm\`, \`cpu\`
help: did you mean \`wasm\`?
\`\`\``,
    },
    fix: `Use one of the four names, or leave the setting out to get the best backend available.`,
  },
  VAE533: {
    title: "tfjs-node-gpu sees no GPU",
    severity: "error",
    messages: {
      backendSeesNoGpu: "backend `{name}` sees no GPU{by}",
    },
    explanation: `\`--backend tfjs-node-gpu\` (or \`VAEC_BACKEND=tfjs-node-gpu\`) was asked for and the package loaded,
but TensorFlow found no CUDA device: no GPU, no driver, or a CUDA/cuDNN version that does not
match the one tfjs-node-gpu was built for. Without \`--backend\`, vaec skips tfjs-node-gpu in that
case and uses the next backend.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/vae.vae --backend tfjs-node-gpu
error[VAE533]: backend \`tfjs-node-gpu\` sees no GPU (requested by \`--backend\`)
  = note: loaded, but TensorFlow sees no GPU (no CUDA device or driver)
help: check that \`nvidia-smi\` lists a GPU and that CUDA and cuDNN match tfjs-node-gpu's requirements, or unset \`--backend\` to use the best backend available
\`\`\``,
    },
    fix: `Make the GPU visible (driver, CUDA and cuDNN versions), or use \`tfjs-node\` on the CPU.`,
  },
  VAE534: {
    title: "a fast-path switch has a value that is not on or off",
    severity: "warning",
    messages: {
      badSwitchValue: "`{variable}` is `{raw}`, not a switch value",
      badCountValue: "`{variable}` is `{raw}`, not a count",
    },
    explanation: `The pieces of the fast CPU path on the wasm backend are switched with environment variables,
such as \`VAEC_FAST_MATMUL\` (matmul gradients kept on XNNPACK's fast kernel) or \`VAEC_BLAS\` (matmuls
through the native OpenBLAS addon); \`vaec doctor\` lists every one with what it does. Each takes
\`1\`/\`0\` (also \`on\`/\`off\`, \`true\`/\`false\`, \`yes\`/\`no\`). The thread counts
(\`VAEC_BLAS_THREADS\`, \`VAEC_WASM_THREAD_COUNT\`) take a whole number of 1 or more. Another value is
a warning: the variable keeps its default and the run goes on.`,
    example: {
      shown: `\`\`\`
$ VAEC_FAST_MATMUL=fast vaec train examples/vae.vae
warning[VAE534]: \`VAEC_FAST_MATMUL\` is \`fast\`, not a switch value
help: set \`VAEC_FAST_MATMUL\` to 1 or 0 (also accepted: on/off, true/false)
\`\`\``,
    },
    fix: `Set the variable to \`1\` or \`0\`, or unset it.`,
  },
  VAE535: {
    title: "WebGPU rejected a command (validation error)",
    severity: "error",
    messages: {
      gpuValidationError: "WebGPU rejected a command (validation error); the run was stopped",
    },
    explanation: `On the \`webgpu\` backend, a GPU command failed WebGPU's validation: a shader needed more of a
resource than the device allows, or an object it used was invalid. WebGPU does not throw in that
case; it reports the error beside the work and the failed kernel's output reads as zeros, so a
run could carry on with wrong numbers and exit 0. vaec watches the device and stops at the next
read of a result after the first error: the step's update is not applied, nothing computed after
the error is saved, and the last checkpoint written before it stays the run's latest (resume
with \`--resume\` after fixing the cause).

vaec requests the device with every limit raised to the adapter's, which avoids the known case
(tfjs's own request keeps 8 storage buffers per shader stage, too few for its \`addN\` of 8
tensors); \`VAEC_WEBGPU_DEFAULT_LIMITS=1\` requests WebGPU's defaults instead, to reproduce it. No
spec produces this code: it is a fault of the GPU stack.`,
    example: {
      shown: `\`\`\`
$ VAEC_WEBGPU_DEFAULT_LIMITS=1 vaec train my.vae --backend webgpu
error[VAE535]: WebGPU rejected a command (validation error); the run was stopped
  = note: WebGPU said: The number of storage buffers (13) in the Compute stage exceeds the maximum per-stage limit (8). This adapter supports a higher maxStorageBuffersPerShaderStage of 16, ...
  = note: the last good checkpoint (step 2) is kept
help: this is a bug in vaec or tfjs's WebGPU backend: report it with the spec and the \`vaec doctor\` output; meanwhile train with \`--backend wasm\`
\`\`\``,
    },
    fix: `Report it with the spec and \`vaec doctor\`'s output; meanwhile train on another backend
(\`--backend wasm\`) and resume the run from its last checkpoint.`,
  },
  VAE536: {
    title: "the GPU ran out of memory",
    severity: "error",
    messages: {
      gpuOutOfMemory: "the GPU ran out of memory; the run was stopped",
    },
    explanation: `On the \`webgpu\` backend, a buffer could not be allocated on the GPU (WebGPU's out-of-memory
error). Like every WebGPU error it is reported beside the work rather than thrown, so vaec stops
the run at the next read: nothing computed after it is saved, and the last checkpoint written
before it is kept. No spec produces this code on its own: it depends on the GPU's memory.`,
    example: {
      shown: `\`\`\`
$ vaec train big.vae --backend webgpu
error[VAE536]: the GPU ran out of memory; the run was stopped
  = note: WebGPU said: Out of memory creating buffer ...
  = note: the last good checkpoint (step 4000) is kept
help: use a smaller \`train.batch\` (or a smaller model), or train with \`--backend wasm\`, which uses main memory
\`\`\``,
    },
    fix: `Lower \`train.batch\` or the model's size, or train with \`--backend wasm\`; resume with \`--resume\`.`,
  },
  VAE537: {
    title: "WebGPU failed inside the driver (internal error)",
    severity: "error",
    messages: {
      gpuInternalError: "WebGPU failed inside the driver (internal error); the run was stopped",
    },
    explanation: `On the \`webgpu\` backend, the WebGPU implementation (Dawn) or the driver underneath it failed on
a command that was valid (WebGPU's internal error), for example a shader the driver could not
compile. vaec stops the run at the next read: nothing computed after it is saved, and the last
checkpoint written before it is kept. No spec produces this code: it is a fault of the GPU stack.`,
    example: {
      shown: `\`\`\`
$ vaec train my.vae --backend webgpu
error[VAE537]: WebGPU failed inside the driver (internal error); the run was stopped
  = note: WebGPU said: ...
  = note: the last good checkpoint (step 1000) is kept
help: update the GPU driver (or Mesa), or train with \`--backend wasm\`; \`vaec doctor\` shows the adapter
\`\`\``,
    },
    fix: `Update the GPU driver (or Mesa, for the software adapter), or use \`--backend wasm\`; resume with
\`--resume\`.`,
  },
  VAE538: {
    title: "the GPU device was lost",
    severity: "error",
    messages: {
      gpuDeviceLost: "the GPU device was lost; the run was stopped",
    },
    explanation: `On the \`webgpu\` backend, the device went away while the run used it: the driver reset the GPU
(a long kernel on a GPU that also drives a display, a driver crash) or the GPU was removed.
Results still pending are lost, so vaec stops the run at the next read; the last checkpoint
written before the loss is kept. No spec produces this code.`,
    example: {
      shown: `\`\`\`
$ vaec train my.vae --backend webgpu
error[VAE538]: the GPU device was lost; the run was stopped
  = note: WebGPU said: ...
  = note: the last good checkpoint (step 3000) is kept
help: the driver reset or the GPU was removed; run again (it resumes from the last checkpoint with --resume), or train with \`--backend wasm\`
\`\`\``,
    },
    fix: `Run the same command again with \`--resume\`; if it happens again, use \`--backend wasm\`.`,
  },
  VAE539: {
    title: "`--backend webgpu` found no WebGPU adapter",
    severity: "error",
    messages: {
      noWebGpuAdapter: "backend `webgpu` found no WebGPU adapter (requested by {source})",
    },
    explanation: `\`--backend webgpu\` (or \`VAEC_BACKEND=webgpu\`) was asked for, the \`webgpu\` package loaded, and
Dawn found no adapter: no GPU through Vulkan (on Linux it needs the Vulkan loader,
\`libvulkan.so.1\`, and the GPU's Vulkan driver), and no software adapter either (Mesa's llvmpipe
through OpenGL ES needs Mesa's EGL libraries). Without \`--backend\`, vaec skips webgpu in that
case and uses the next backend. No spec produces this code: it is about the machine.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/seatbelt.vae --backend webgpu
error[VAE539]: backend \`webgpu\` found no WebGPU adapter (requested by \`--backend\`)
  = note: no GPU adapter: the Vulkan loader (libvulkan.so.1) is not installed; no software adapter either (Mesa's EGL: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)
help: for a GPU install its Vulkan driver and loader (libvulkan1); for the software adapter, Mesa's EGL (\`apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri\`); or unset it to use the best backend available
\`\`\``,
    },
    fix: `Install the GPU's Vulkan driver and \`libvulkan1\`, or Mesa's EGL for the software adapter
(\`vaec doctor\` shows what was found), or use another backend.`,
  },
});
