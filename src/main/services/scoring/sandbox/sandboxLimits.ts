/** What one scorer may use on one output in the sandbox (README, "Limits"). */
export interface SandboxLimits {
  /** Wall-clock time for one scorer on one output, from the moment the sandbox takes it. */
  timeMs: number;
  /** The sandbox process's JavaScript heap. */
  memoryMb: number;
}

export const SANDBOX_LIMITS: SandboxLimits = { timeMs: 1000, memoryMb: 128 };
