import type { PointRecord } from "./point-record.js";

/*
 * Which of a study's specs play which part in the paper's claims (Willetts et al., ICLR 2021):
 * the beta-TCVAE baseline, the Seatbelt-VAEs by depth L, and the beta-TCDLGM. Found from the
 * family the compiler recognised at any of a spec's points (at beta = 1 the TC penalty is no
 * penalty, so a Seatbelt-VAE is recognised as a plain hierarchical VAE there) and the number of
 * latent layers the held-out evaluation reports (`kl.<layer>`), or named by the caller (a model
 * name, a spec path or its file name).
 */

export interface RoleModel {
  spec: string;
  model: string;
  /** Latent layers (L). */
  layers: number;
}

export interface ModelRoles {
  baseline?: RoleModel;
  /** Seatbelt-VAEs, shallowest first. */
  seatbelt: RoleModel[];
  tcdlgm?: RoleModel;
}

/** Models chosen by name, spec path or spec file name instead of by family. */
export interface RoleNames {
  baseline?: string;
  seatbelt?: string[];
  tcdlgm?: string;
}

/** A spec's layers: the held-out evaluation's `kl.<layer>` keys. */
const layersOf = (r: PointRecord): number =>
  Object.keys(r.eval).filter((k) => k.startsWith("kl.")).length;

const named = (m: PointRecord, name: string): boolean =>
  m.model === name || m.spec === name || m.spec.split(/[\\/]/).at(-1) === name;

/** The roles among one data set's records. */
export function modelRoles(records: readonly PointRecord[], names: RoleNames = {}): ModelRoles {
  const specs = [...new Map(records.map((r) => [r.spec, r])).values()];
  const pointsOf = (r: PointRecord) => records.filter((x) => x.spec === r.spec);
  const isA = (family: string) => (r: PointRecord) => pointsOf(r).some((x) => x.family === family);
  const role = (r: PointRecord): RoleModel => ({
    spec: r.spec,
    model: r.model,
    layers: Math.max(...pointsOf(r).map(layersOf)),
  });
  const pick = (name: string | undefined, family: string) => {
    const found = specs.find(name ? (r) => named(r, name) : isA(family));
    return found ? role(found) : undefined;
  };
  const seatbelt = (
    names.seatbelt
      ? specs.filter((r) => names.seatbelt!.some((n) => named(r, n)))
      : specs.filter(isA("Seatbelt-VAE"))
  )
    .map(role)
    .sort((a, b) => a.layers - b.layers);
  return {
    baseline: pick(names.baseline, "beta-TCVAE"),
    seatbelt,
    tcdlgm: pick(names.tcdlgm, "beta-TCDLGM"),
  };
}
