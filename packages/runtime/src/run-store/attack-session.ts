import crypto from "node:crypto";
import type { AttackSettings } from "@vaec/compiler";
import { thisProcess, updateRunRecord, type AttackSession } from "./run-record.js";

/*
 * An attack's entry in run.json's history: which checkpoint step it attacked, a digest of its
 * settings, when, and how it ended. The caller holds the run's lock.
 */

/** 16 hex digits of the sha256 of the settings (with explicit pairs, when given). */
export function attackSettingsDigest(settings: AttackSettings, pairs?: unknown): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify({ settings, pairs: pairs ?? null }))
    .digest("hex")
    .slice(0, 16);
}

export function beginAttackSession(
  runDir: string,
  step: number,
  settingsDigest: string,
): { end(outcome: AttackSession["outcome"]): void } {
  const session: AttackSession = {
    kind: "attack",
    ...thisProcess(),
    step,
    settingsDigest,
    startedAt: new Date().toISOString(),
    outcome: "running",
  };
  const index = { value: -1 };
  updateRunRecord(runDir, (record) => {
    index.value = record.sessions.push(session) - 1;
  });
  return {
    end(outcome) {
      updateRunRecord(runDir, (record) => {
        const entry = record.sessions[index.value];
        if (entry?.kind === "attack") {
          entry.outcome = outcome;
          entry.endedAt = new Date().toISOString();
        }
      });
    },
  };
}
