import type { Factor, Family, Latent, Penalty } from "../ir.js";

export interface FamilyInput {
  dataName: string;
  /** In declaration order: z^1 (bottom) first, z^L (top) last. */
  latents: Latent[];
  generative: Factor[];
  inference: Factor[];
  penalties: Penalty[];
}

/**
 * Names the model family, with the reason, from the structure the paper distinguishes: the
 * number of layers, which layers the likelihood sees, the direction of the inference chain, and
 * the penalties (a beta of exactly 1 penalises nothing).
 */
export function recogniseFamily(input: FamilyInput): Family {
  const { latents, penalties } = input;
  const active = penalties.filter((p) => (p.kind === "free-bits" ? p.lambda > 0 : p.beta !== 1));
  const tc = active.filter((p) => p.kind === "tc");
  const kl = active.filter((p) => p.kind === "kl");
  const freeBits = active.some((p) => p.kind === "free-bits") ? ", with free bits" : "";
  const pOf = (name: string) => input.generative.find((f) => f.target === name);
  const qOf = (name: string) => input.inference.find((f) => f.target === name);
  const likelihood = pOf(input.dataName);
  const names = latents.map((l) => l.name);

  if (latents.length === 1) {
    const z = names[0];
    const standard = pOf(z)?.role === "prior" && qOf(z)?.given.includes(input.dataName);
    if (!standard)
      return {
        name: "custom",
        reason: `one latent layer \`${z}\` with a non-standard prior or posterior`,
      };
    if (tc.length === 0 && kl.length === 0) {
      return { name: "VAE", reason: `one latent layer \`${z}\`, no penalty (beta = 1)${freeBits}` };
    }
    if (tc.length === 1 && kl.length === 0) {
      return {
        name: "beta-TCVAE",
        reason: `one latent layer \`${z}\` with its total correlation penalised (beta = ${tc[0].beta})${freeBits}`,
      };
    }
    if (kl.length === 1 && tc.length === 0) {
      return {
        name: "beta-VAE",
        reason: `one latent layer \`${z}\` with its KL scaled by beta = ${kl[0].beta}${freeBits}`,
      };
    }
    return { name: "custom", reason: `one latent layer \`${z}\` with both a TC and a KL penalty` };
  }

  const L = latents.length;
  const top = names[L - 1];
  const layerList = names.map((n) => `\`${n}\``).join(", ");
  // p: the top layer has the prior; every other layer is generated from the layer above (and
  // possibly higher ones).
  const topDownP =
    pOf(top)?.role === "prior" &&
    names.slice(0, -1).every((n, i) => {
      const given = pOf(n)?.given ?? [];
      return given.includes(names[i + 1]) && given.every((g) => names.indexOf(g) > i);
    });
  const seen = new Set(likelihood?.given ?? []);
  const onAll = names.every((n) => seen.has(n));
  const onBottomOnly = seen.size === 1 && seen.has(names[0]);
  const dataOk = (given: string[], allowed: (g: string) => boolean) =>
    given.every((g) => g === input.dataName || allowed(g));
  const bottomUpQ =
    (qOf(names[0])?.given ?? []).join() === input.dataName &&
    names.slice(1).every((n, i) => {
      const given = qOf(n)?.given ?? [];
      return given.includes(names[i]) && dataOk(given, (g) => names.indexOf(g) <= i);
    });
  const topDownQ =
    (qOf(top)?.given ?? []).join() === input.dataName &&
    names.slice(0, -1).every((n, i) => {
      const given = qOf(n)?.given ?? [];
      return given.includes(names[i + 1]) && dataOk(given, (g) => names.indexOf(g) > i);
    });
  const tcTopOnly = tc.length === 1 && tc[0].latent === top && kl.length === 0;
  const unpenalised = tc.length === 0 && kl.length === 0;
  const penaltyText = tcTopOnly
    ? `TC on the top layer \`${top}\` (beta = ${tc[0].beta})`
    : "no penalty (beta = 1)";

  if (!topDownP || !(bottomUpQ || topDownQ)) {
    return {
      name: "custom",
      reason: `${L} latent layers whose factorisation is not a chain the paper studies`,
    };
  }
  if (!tcTopOnly && !unpenalised) {
    const what = tc.some((p) => p.latent !== top)
      ? "TC below the top layer"
      : kl.length
        ? "a KL penalty"
        : "several penalties";
    return { name: "custom", reason: `${L}-layer hierarchy with ${what}` };
  }
  if (topDownQ && !bottomUpQ) {
    return {
      name: "top-down hierarchy",
      reason: `${L} latent layers inferred top-down (\`${top}\` from the data first), likelihood on ${onAll ? "all of them" : [...seen].map((n) => `\`${n}\``).join(", ")}, ${penaltyText}${freeBits}`,
    };
  }
  if (onAll) {
    return tcTopOnly
      ? {
          name: "Seatbelt-VAE",
          reason: `${L} latent layers (${layerList}), likelihood on all of them, ${penaltyText}${freeBits}`,
        }
      : {
          name: "hierarchical VAE",
          reason: `${L} latent layers (${layerList}), likelihood on all of them, ${penaltyText}${freeBits}`,
        };
  }
  if (onBottomOnly && tcTopOnly) {
    return {
      name: "beta-TCDLGM",
      reason: `${L} latent layers, likelihood on \`${names[0]}\` only (a shortcut), ${penaltyText}${freeBits}`,
    };
  }
  if (onBottomOnly) {
    return {
      name: "hierarchical VAE",
      reason: `${L} latent layers, likelihood on \`${names[0]}\` only (a DLGM, with a shortcut), ${penaltyText}${freeBits}`,
    };
  }
  return {
    name: "custom",
    reason: `${L} latent layers, likelihood on ${[...seen].map((n) => `\`${n}\``).join(", ")} only`,
  };
}
