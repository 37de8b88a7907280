import type { Validator } from './validator';

/**
 * What the test-sets store keeps outside its state: it changes on every keystroke or holds
 * functions and timers, and no component renders it.
 */
export interface Bookkeeping {
  /** Where the store reads the editor's newest text from (the editor registers while it shows a test set). */
  textSources: {
    register: (id: string, source: () => string) => () => void;
    read: (id: string) => string | undefined;
  };
  /** The pending draft write per tab. */
  draftTimers: {
    schedule: (id: string, delayMs: number, run: () => void) => void;
    cancel: (id: string) => void;
    has: (id: string) => boolean;
  };
  /** Per tab: a validation is running, and another was asked for meanwhile. */
  validationRun: (id: string) => { running: boolean; queued: boolean };
  forgetValidation: (id: string) => void;
  /** The validator, made on first use by the factory last set. */
  validator: () => Promise<Validator>;
  setValidatorFactory: (factory: () => Promise<Validator>) => void;
  /** True the first time only: the tabs open last time are restored once per page. */
  claimRestore: () => boolean;
  nextJumpNonce: () => number;
  /** Forgets timers and per-tab bookkeeping (tests, between cases). */
  reset: () => void;
}

export function createBookkeeping(defaultFactory: () => Promise<Validator>): Bookkeeping {
  const textSources = new Map<string, () => string>();
  const draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const validations = new Map<string, { running: boolean; queued: boolean }>();
  let validator: Validator | null = null;
  let validatorFactory = defaultFactory;
  let restored = false;
  let jumpNonce = 0;

  const cancel = (id: string): void => {
    const timer = draftTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    draftTimers.delete(id);
  };

  return {
    textSources: {
      register(id, source) {
        textSources.set(id, source);
        return () => {
          if (textSources.get(id) === source) textSources.delete(id);
        };
      },
      read: (id) => textSources.get(id)?.(),
    },
    draftTimers: {
      schedule(id, delayMs, run) {
        cancel(id);
        draftTimers.set(
          id,
          setTimeout(() => {
            draftTimers.delete(id);
            run();
          }, delayMs),
        );
      },
      cancel,
      has: (id) => draftTimers.has(id),
    },
    validationRun(id) {
      const state = validations.get(id) ?? { running: false, queued: false };
      validations.set(id, state);
      return state;
    },
    forgetValidation: (id) => void validations.delete(id),
    async validator() {
      validator ??= await validatorFactory();
      return validator;
    },
    setValidatorFactory(factory) {
      validator?.dispose();
      validator = null;
      validatorFactory = factory;
    },
    claimRestore() {
      if (restored) return false;
      restored = true;
      return true;
    },
    nextJumpNonce: () => ++jumpNonce,
    reset() {
      for (const timer of draftTimers.values()) clearTimeout(timer);
      draftTimers.clear();
      validations.clear();
      textSources.clear();
      restored = false;
    },
  };
}
