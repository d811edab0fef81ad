/*
 * How a worker hands its settings to the sandboxed child processes that run points: through
 * the environment of the fork, the one channel BullMQ's sandbox leaves to the caller.
 */
export const WORKER_ENV = {
  name: "VAEC_WORKER_NAME",
  dataRoot: "VAEC_WORKER_DATA_ROOT",
  artifacts: "VAEC_WORKER_ARTIFACTS",
} as const;

export interface WorkerSettings {
  name: string;
  dataRoot: string;
  artifacts: string;
}

/** The settings the parent worker put in this child's environment. */
export function workerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const read = (key: string) => {
    const value = env[key];
    if (!value) throw new Error(`${key} is not set: this file runs only as a vaec worker's child`);
    return value;
  };
  return {
    name: read(WORKER_ENV.name),
    dataRoot: read(WORKER_ENV.dataRoot),
    artifacts: read(WORKER_ENV.artifacts),
  };
}
