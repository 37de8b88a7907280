import { DownloadError } from './DownloadError';
import { DEFAULT_HF_ENDPOINT } from './resolveModelSource';
import { optionalFields } from '../../../../shared/optionalFields';

/** `hf:OWNER/REPO[:QUANT][@REVISION]`: a repository and a quantization, as llama.cpp's `-hf` takes them. */
export interface HfRepoReference {
  owner: string;
  repo: string;
  /** `Q4_K_M`, `q8_0`, …; null picks Q4_K_M when the repository has it, as llama.cpp does. */
  quant: string | null;
  revision: string;
}

const repoPart = '[A-Za-z0-9][A-Za-z0-9._-]*';
const repoReference = new RegExp(`^hf:(?://)?(${repoPart})/(${repoPart})(?::([A-Za-z0-9_.-]+))?(?:@([^@/]+))?$`, 'i');

/** The repository form of an `hf:` reference (no file path), or null for any other reference. */
export function parseHfRepoReference(reference: string): HfRepoReference | null {
  const match = repoReference.exec(reference.trim());
  if (!match) return null;
  const [, owner = '', repoAndMaybeFile = '', quant, revision] = match;
  if (/\.gguf$/i.test(repoAndMaybeFile)) return null;
  return { owner, repo: repoAndMaybeFile, quant: quant ?? null, revision: revision ?? 'main' };
}

const DEFAULT_QUANT = 'Q4_K_M';

/** `Llama-3.2-1B-Q4_K_M-00001-of-00002.gguf` → `Llama-3.2-1B-Q4_K_M`. */
function stem(file: string): string {
  return (file.split('/').at(-1) ?? file).replace(/-\d{5}-of-\d{5}\.gguf$/i, '').replace(/\.gguf$/i, '');
}

/** The quantization a file name ends with (`…-Q4_K_M`, `….q8_0`), upper-case, or null. */
export function quantOfFile(file: string): string | null {
  const match = /[-._]((?:I?Q\d[A-Z0-9_]*)|F16|F32|BF16)$/i.exec(stem(file));
  return match?.[1]?.toUpperCase() ?? null;
}

/**
 * The GGUF file of `quant` among a repository's files: the one whose name ends with it (part 1 of
 * a split model); projector files (mmproj) never count. Throws a `DownloadError` listing what the
 * repository has when none or several match.
 */
export function chooseQuantFile(files: readonly string[], ref: HfRepoReference): string {
  const ggufs = files.filter((f) => /\.gguf$/i.test(f) && !/mmproj/i.test(f.split('/').at(-1) ?? ''));
  const firstParts = ggufs.filter((f) => !/-\d{5}-of-\d{5}\.gguf$/i.test(f) || /-00001-of-\d{5}\.gguf$/i.test(f));
  const name = `hf:${ref.owner}/${ref.repo}`;
  const available = [...new Set(firstParts.map(quantOfFile).filter((q): q is string => q !== null))].sort();
  if (firstParts.length === 0)
    throw new DownloadError('bad_reference', `${name} has no GGUF files.`, 'Check the repository name; Evalbench loads .gguf files only.');
  const wanted = (ref.quant ?? DEFAULT_QUANT).toUpperCase();
  const matches = firstParts.filter((f) => quantOfFile(f) === wanted);
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) {
    throw new DownloadError(
      'bad_reference',
      `${name} has ${matches.length} ${wanted} files: ${matches.join(', ')}.`,
      `Name one: hf:${ref.owner}/${ref.repo}/${matches[0] ?? ''}`,
    );
  }
  if (ref.quant === null && firstParts.length === 1 && firstParts[0] !== undefined) return firstParts[0];
  throw new DownloadError(
    'bad_reference',
    `${name} has no ${wanted} file${ref.quant === null ? ' (the quantization picked when none is named)' : ''}.`,
    available.length > 0
      ? `It has: ${available.join(', ')}. Name one, e.g. ${name}:${available[0] ?? ''}.`
      : `Name a file: ${name}/${firstParts[0] ?? ''}.`,
  );
}

export interface PickHfQuantOptions {
  endpoint?: string;
  token?: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Turns `hf:OWNER/REPO[:QUANT][@REVISION]` into the file reference `hf:OWNER/REPO/path.gguf@REVISION`
 * by listing the repository through the Hub API.
 */
export async function pickHfQuantFile(ref: HfRepoReference, options: PickHfQuantOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const endpoint = (options.endpoint ?? (env.HF_ENDPOINT?.trim() || DEFAULT_HF_ENDPOINT)).replace(/\/+$/, '');
  const token = options.token ?? (env.HF_TOKEN?.trim() || undefined);
  const url = `${endpoint}/api/models/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/tree/${encodeURIComponent(ref.revision)}?recursive=true`;
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...optionalFields({ signal: options.signal }),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new DownloadError(
      'network',
      `Could not list hf:${ref.owner}/${ref.repo} (${(error as Error).message}).`,
      'Check the network connection (or HF_ENDPOINT), then try again.',
      { cause: error },
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new DownloadError(
      'unauthorized',
      `hf:${ref.owner}/${ref.repo} is private or gated (HTTP ${response.status}).`,
      'Set HF_TOKEN to a token with access to it.',
    );
  }
  if (response.status === 404)
    throw new DownloadError(
      'not_found',
      `No repository ${ref.owner}/${ref.repo} (or no revision ${ref.revision}) on ${endpoint}.`,
      'Check the spelling of OWNER/REPO and the @REVISION.',
    );
  if (!response.ok)
    throw new DownloadError('network', `Listing hf:${ref.owner}/${ref.repo} failed with HTTP ${response.status}.`, 'Try again later.');
  const listing = await response.json();
  const files = Array.isArray(listing)
    ? listing.flatMap((entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        'path' in entry &&
        typeof entry.path === 'string' &&
        (!('type' in entry) || entry.type === 'file')
          ? [entry.path]
          : [],
      )
    : [];
  const file = chooseQuantFile(files, ref);
  return `hf:${ref.owner}/${ref.repo}/${file}@${ref.revision}`;
}
