import type { GgufHeader } from './GgufReader';
import type { GgufProblem } from './ggufProblem';
import { ggufArrayLength, ggufTypeLabel, type GgufValue } from './ggufValue';

/** How bad a missing key is: llama.cpp refuses the file, aborts the process, or does not mind. */
export type KeyNeed = 'required' | 'aborts' | 'optional';

/** Ways to fix a file, shared by the checks' messages. */
export const HINTS = {
  rebuild: 'Convert the model again with a current llama.cpp, or use a different download.',
  refuse:
    'Evalbench will not load this file: llama.cpp would take the whole app down with it. Convert the model again with a current llama.cpp, or use a different download.',
} as const;

/** Said of problems that make llama.cpp hit a GGML_ASSERT, which kills the process. */
export const ABORTS = 'llama.cpp would abort the whole process (GGML_ASSERT) loading it';

/**
 * Reads architecture keys (`${arch}.block_count`, …) with the exact types llama.cpp insists on
 * (it refuses a u64 where it wants u32), collecting a problem for each one missing or mistyped.
 */
export class ModelKeys {
  readonly problems: GgufProblem[] = [];

  constructor(
    private readonly header: GgufHeader,
    private readonly label: string,
    readonly arch: string,
  ) {}

  /** Records a problem, prefixed with the file name. */
  add(severity: GgufProblem['severity'], code: GgufProblem['code'], message: string, hint: string = HINTS.rebuild): void {
    this.problems.push({ code, severity, message: `${this.label}: ${message}`, hint });
  }

  /** The full key name: `head_count` → `llama.attention.head_count` when given `attention.head_count`. */
  key(name: string): string {
    return `${this.arch}.${name}`;
  }

  private missing(key: string, need: KeyNeed): undefined {
    if (need === 'aborts') this.add('error', 'missing-key', `the required key "${key}" is missing; ${ABORTS}`, HINTS.refuse);
    if (need === 'required') this.add('error', 'missing-key', `the required key "${key}" is missing, so llama.cpp cannot load it`);
    return undefined;
  }

  private wrongType(key: string, value: GgufValue, wanted: string): undefined {
    this.add('error', 'wrong-key-type', `"${key}" is ${ggufTypeLabel(value)}, llama.cpp needs ${wanted}`);
    return undefined;
  }

  /** A u32 key of this architecture. */
  u32(name: string, need: KeyNeed): number | undefined {
    const key = this.key(name);
    const value = this.header.metadata.get(key);
    if (value === undefined) return this.missing(key, need);
    return value.type === 'u32' ? value.value : this.wrongType(key, value, 'u32');
  }

  /** An f32 key of this architecture. */
  f32(name: string, need: KeyNeed): number | undefined {
    const key = this.key(name);
    const value = this.header.metadata.get(key);
    if (value === undefined) return this.missing(key, need);
    return value.type === 'f32' ? value.value : this.wrongType(key, value, 'f32');
  }

  /** A key llama.cpp reads as "one u32 for all layers, or an array with one per layer". */
  perLayer(name: string, layers: number | undefined, need: KeyNeed): number[] | undefined {
    const key = this.key(name);
    const value = this.header.metadata.get(key);
    if (value === undefined || value.type !== 'array') {
      const single = this.u32(name, need);
      return single === undefined || layers === undefined ? undefined : new Array<number>(layers).fill(single);
    }
    if (value.itemType !== 'u32' && value.itemType !== 'i32') return this.wrongType(key, value, 'u32 or an array of u32');
    const length = ggufArrayLength(value);
    if (layers !== undefined && length !== layers) {
      this.add('error', 'bad-key-value', `"${key}" has ${length} entries for ${layers} layers`);
      return undefined;
    }
    // An array left in the file has over a million entries: more than any layer count passes its check.
    return value.lazy === true ? undefined : [...value.value];
  }
}
