/**
 * The sacrebleu release line whose defaults and arithmetic these scorers reproduce. It closes the
 * reproducibility signature, where sacrebleu prints its own version; "2.x" says which behaviour
 * to expect (2.0 changed chrF's smoothing and the signature format) without claiming to be it.
 */
export const SACREBLEU_COMPAT_VERSION = '2.x';
