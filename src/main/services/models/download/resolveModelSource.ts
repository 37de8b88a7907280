import { DownloadError } from './DownloadError';
import { expandSplitGguf } from './expandSplitGguf';
import { checkFileName } from './checkFileName';

/** The Hugging Face host used when neither the `endpoint` option nor `HF_ENDPOINT` is set. */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** One file to fetch for a model. */
export interface ResolvedModelFile {
  /** Where to send the first GET (the server may redirect, e.g. Hugging Face to its CDN). */
  url: string;
  /** Name of the file in the destination folder. */
  fileName: string;
  /** SHA-256 (lower-case hex) the finished file must have, when the caller knows it. */
  expectedSha256?: string;
  /** Size in bytes the finished file must have, when the caller knows it. */
  expectedSize?: number;
}

/** A model reference turned into concrete downloads. */
export interface ResolvedModelSource {
  /** The reference as given (trimmed), for messages. */
  reference: string;
  /** `huggingface` for `hf:` references and URLs on the Hugging Face endpoint. */
  kind: 'url' | 'huggingface';
  /** The files to download, in order; the first is the one to load (part 1 of a split GGUF). */
  files: ResolvedModelFile[];
  /**
   * Origin of the Hugging Face endpoint. Only requests to this origin get the token, and only
   * its hash headers (`X-Linked-Etag`, `ETag`) are trusted as the file's SHA-256.
   */
  huggingFaceOrigin: string;
  /** Whether a Hugging Face token is configured (the token itself is never exposed). */
  hasToken: boolean;
  /**
   * Extra headers for a request to `url`: `Authorization: Bearer …` when `url` is on the
   * Hugging Face origin and a token is set, nothing otherwise. A function rather than a field
   * so that logging or serialising the source can never leak the token.
   */
  headersFor(url: string | URL): Record<string, string>;
}

/** Options for `resolveModelSource`. */
export interface ResolveModelSourceOptions {
  /** Hugging Face endpoint (e.g. a mirror, or a local server in tests). Default: `HF_ENDPOINT`, then huggingface.co. */
  endpoint?: string;
  /** Hugging Face access token. Default: `HF_TOKEN`. */
  token?: string;
  /** Where `HF_ENDPOINT` and `HF_TOKEN` are read from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Name to save a single-file download under, for URLs whose path does not end in a `.gguf` name. */
  fileName?: string;
}

const referenceForms =
  'Use https://…/model.gguf, hf:OWNER/REPO/path/to/model.gguf, or hf:OWNER/REPO:QUANT (e.g. :Q4_K_M), each with an optional @REVISION (branch, tag or commit; default main).';
const repoPart = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Turns what a user typed into the URL(s) and file name(s) to download. Accepts plain
 * http(s) URLs and `hf:OWNER/REPO/path/file.gguf[@REVISION]`; a split GGUF part
 * (`…-00001-of-00003.gguf`) expands to every part. Throws a `DownloadError` (`bad_reference`)
 * that says which form is expected.
 */
export function resolveModelSource(reference: string, options: ResolveModelSourceOptions = {}): ResolvedModelSource {
  const env = options.env ?? process.env;
  const ref = reference.trim();
  const endpoint = parseEndpoint(options.endpoint ?? nonEmpty(env.HF_ENDPOINT) ?? DEFAULT_HF_ENDPOINT);
  const token = nonEmpty(options.token) ?? nonEmpty(env.HF_TOKEN);
  const base = {
    reference: ref,
    huggingFaceOrigin: endpoint.origin,
    hasToken: token !== undefined,
    headersFor: (url: string | URL): Record<string, string> =>
      token !== undefined && new URL(url).origin === endpoint.origin ? { authorization: `Bearer ${token}` } : {},
  };
  if (ref === '') throw new DownloadError('bad_reference', 'The model reference is empty.', referenceForms);

  if (/^hf:/i.test(ref)) {
    const { owner, repo, path, revision } = parseHfReference(ref);
    const dir = path.slice(0, -1);
    const name = path.at(-1) ?? '';
    const toUrl = (fileName: string): string =>
      [
        endpoint.href.replace(/\/+$/, ''),
        owner,
        repo,
        'resolve',
        encodeURIComponent(revision),
        ...[...dir, fileName].map(encodeURIComponent),
      ].join('/');
    return { ...base, kind: 'huggingface', files: expandSplitGguf(name).map((fileName) => ({ url: toUrl(fileName), fileName })) };
  }

  if (/^https?:\/\//i.test(ref)) {
    const url = parseUrl(ref);
    const segments = url.pathname.split('/');
    // Pasting the web page of a file (…/blob/…) would download HTML; the raw file lives at …/resolve/….
    if (url.origin === endpoint.origin && segments[3] === 'blob') segments[3] = 'resolve';
    const last = safeDecode(segments.at(-1) ?? '');
    const kind = url.origin === endpoint.origin ? 'huggingface' : 'url';
    if (options.fileName !== undefined) {
      const fileName = checkFileName(options.fileName, ref);
      url.pathname = segments.join('/');
      return { ...base, kind, files: [{ url: url.href, fileName }] };
    }
    if (!/\.gguf$/i.test(last)) {
      throw new DownloadError(
        'bad_reference',
        `Cannot tell the model file name from ${url.origin}${url.pathname}: it does not end in a .gguf file name.`,
        'Use a direct link to the .gguf file, or pass a fileName to save it under.',
      );
    }
    const toUrl = (fileName: string): string => {
      const copy = new URL(url.href);
      copy.pathname = [...segments.slice(0, -1), encodeURIComponent(fileName)].join('/');
      return copy.href;
    };
    const files = expandSplitGguf(checkFileName(last, ref)).map((fileName) => ({ url: toUrl(fileName), fileName }));
    return { ...base, kind, files };
  }

  throw new DownloadError('bad_reference', `"${ref}" is not a model reference Evalbench can download.`, referenceForms);
}

function parseHfReference(ref: string): { owner: string; repo: string; path: string[]; revision: string } {
  const fail = (detail: string): never => {
    throw new DownloadError('bad_reference', `"${ref}" is not a valid Hugging Face reference: ${detail}.`, referenceForms);
  };
  const body = ref.replace(/^hf:(\/\/)?/i, '');
  const at = body.lastIndexOf('@');
  const revision = at === -1 ? 'main' : body.slice(at + 1);
  const parts = (at === -1 ? body : body.slice(0, at)).split('/');
  if (revision === '') fail('nothing follows the @ (expected a branch, tag or commit)');
  const [owner = '', repo = '', ...path] = parts;
  if (!repoPart.test(owner) || !repoPart.test(repo)) fail('it must start with OWNER/REPO');
  if (path.length === 0) fail('it names a repository but no file (add /path/to/model.gguf)');
  if (path.some((s) => s === '' || s === '.' || s === '..')) fail('the file path has an empty, "." or ".." part');
  if (!/\.gguf$/i.test(path.at(-1) ?? '')) fail('the file must be a .gguf file');
  checkFileName(path.at(-1) ?? '', ref);
  return { owner, repo, path, revision };
}

function parseEndpoint(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new DownloadError(
      'bad_reference',
      `The Hugging Face endpoint "${value}" is not an http(s) URL.`,
      'Set HF_ENDPOINT (or the endpoint option) to something like https://huggingface.co, or unset it.',
    );
  }
  return url;
}

function parseUrl(ref: string): URL {
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw new DownloadError('bad_reference', `"${ref}" is not a valid URL.`, referenceForms);
  }
  if (url.username !== '' || url.password !== '') {
    throw new DownloadError(
      'bad_reference',
      `The URL for ${url.hostname} contains a user name or password, which cannot be sent safely.`,
      'Remove the credentials from the URL; for Hugging Face, set HF_TOKEN instead.',
    );
  }
  return url;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
