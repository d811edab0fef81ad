"""The benchmark's reference workload in PyTorch, for `npm run bench` (bench/run.ts).

The beta-TCVAE MLP of bench/specs/reference.vae, built exactly as bench/workloads/reference-model.ts
builds it in tfjs: encoder 4096-1200-1200-2x10, decoder 10-1200-1200-4096 with ReLU, Bernoulli
likelihood on logits, analytic KL, the TC term with minibatch stratified sampling, Adam (lr 1e-3),
batch 128, random binary images. Prints one JSON line: images/s per repetition, warm-up excluded.

Needs the system python3 with torch: `apt-get install python3-torch libopenblas0-pthread`.
Run alone: /usr/bin/python3 bench/torch/train_ref.py '{"reps": 3, "seconds": 5, "threads": 1}'

"threads" pins both of PyTorch's pools: its intra-op threads (torch.set_num_threads) and the BLAS
library's own (OpenBLAS starts one thread per physical core unless OPENBLAS_NUM_THREADS says
otherwise, whatever torch.set_num_threads says), so the variables are set here before torch is
imported, unless the caller set them. "intraThreads", when given, sets the intra-op pool alone
(the BLAS pool keeps "threads"): with both pools on every core they compete. The JSON records the
threads each pool really has and the CPU-seconds used per second.
"""
import json
import math
import os
import resource
import sys
import time

OPTS = {"batch": 128, "warmup": 2, "reps": 5, "seconds": 4, "seed": 1, "threads": os.cpu_count()}
OPTS.update(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {})
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, str(OPTS["threads"]))

import torch  # noqa: E402  (after the thread variables above)
import torch.nn.functional as F  # noqa: E402

PIXELS, HIDDEN, LATENT, BETA, DATASET = 4096, [1200, 1200], 10, 2.0, 737_280


def mlp(sizes):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(a, b)
        limit = math.sqrt(6 / (a + b))  # Glorot uniform, zero bias: as the tfjs side
        torch.nn.init.uniform_(linear.weight, -limit, limit)
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def log_mss_weights(batch, n):
    m = batch - 1
    w = torch.full((batch, batch), 1 / m)
    idx = torch.arange(batch)
    w[idx, idx] = 1 / n
    w[idx, (idx + 1) % batch] = (n - m) / (n * m)
    return w.log()


def loss_fn(enc, dec, x, log_w):
    mu, logvar = enc(x).chunk(2, dim=1)
    z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
    logits = dec(z)
    log_lik = (x * logits - F.softplus(logits)).sum(1)
    kl = 0.5 * (logvar.exp() + mu.square() - 1 - logvar).sum(1)
    diff = z.unsqueeze(1) - mu.unsqueeze(0)
    logq = -0.5 * (diff.square() * torch.exp(-logvar.unsqueeze(0)) + logvar.unsqueeze(0) + math.log(2 * math.pi))
    logqz = torch.logsumexp(logq.sum(2) + log_w, dim=1)
    log_prod = torch.logsumexp(logq + log_w.unsqueeze(2), dim=1).sum(1)
    tc = (logqz - log_prod).mean()
    elbo = (log_lik - kl).mean()
    return -(elbo - (BETA - 1) * tc)


def blas_threads():
    """The thread count of the OpenBLAS that torch loaded, or None when there is none."""
    try:
        import ctypes

        with open("/proc/self/maps") as maps:
            libs = {l.split()[-1] for l in maps if "openblas" in l.lower() and l.split()[-1].startswith("/")}
        for lib in sorted(libs):
            get = getattr(ctypes.CDLL(lib), "openblas_get_num_threads", None)
            if get:
                return int(get())
    except OSError:
        pass
    return None


def main():
    opts = OPTS
    torch.manual_seed(opts["seed"])
    torch.set_num_threads(opts.get("intraThreads", opts["threads"]))
    batch = opts["batch"]
    enc = mlp([PIXELS, *HIDDEN, 2 * LATENT])
    dec = mlp([LATENT, *HIDDEN, PIXELS])
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    pool = [(torch.rand(batch, PIXELS) < 0.3).float() for _ in range(4)]
    log_w = log_mss_weights(batch, DATASET)
    t = 0

    def step():
        nonlocal t
        t += 1
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(enc, dec, pool[t % len(pool)], log_w)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(opts["warmup"]):
        step()
    images_per_second, images_per_cpu_second, ms_per_step, last = [], [], [], float("nan")
    cpu_per_wall = []
    for _ in range(opts["reps"]):
        start = time.perf_counter()
        cpu = time.process_time()
        n = 0
        while True:
            last = step()
            n += 1
            if time.perf_counter() - start >= opts["seconds"]:
                break
        elapsed = time.perf_counter() - start
        used = time.process_time() - cpu
        images_per_second.append(n * batch / elapsed)
        images_per_cpu_second.append(n * batch / used)
        cpu_per_wall.append(used / elapsed)
        ms_per_step.append(1000 * elapsed / n)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": opts["threads"],
        "torchThreads": torch.get_num_threads(),
        "blasThreads": blas_threads(),
        "cpuSecondsPerSecond": cpu_per_wall,
        "imagesPerSecond": images_per_second,
        "imagesPerCpuSecond": images_per_cpu_second,
        "msPerStep": ms_per_step,
        "steps": t - opts["warmup"],
        "lastLoss": last,
        "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
