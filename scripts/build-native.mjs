// Builds Evalbench's native decode loop (native/*.cc) against the llama.cpp library that
// node-llama-cpp's prebuilt binaries ship, with llama.cpp's headers taken from the source bundle
// node-llama-cpp carries (the same release). A C++17 compiler is all it needs (a few seconds);
// node-addon-api and node-api-headers come with node-llama-cpp.
//   node scripts/build-native.mjs              build (or say it is up to date); exit 1 on failure
//   node scripts/build-native.mjs --if-possible  never fail: print why it was not built (npm's prepare)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HINT = 'Install a C++ compiler (e.g. `apt-get install g++`) and run `node scripts/build-native.mjs`.';

/** Where the addon and its manifest go for this platform (the worker looks there). */
export function nativeBuildDir(root) {
  return path.join(root, 'native', 'build', `${process.platform}-${process.arch}`);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The folder of node-llama-cpp's CPU prebuilt binaries for this platform, and its libllama. */
function prebuiltLlama(root) {
  if (process.platform !== 'linux') throw new Error(`the native decode loop is built on Linux only for now (this is ${process.platform})`);
  const name = `${process.platform}-${process.arch}`;
  const dir = path.join(root, 'node_modules', '@node-llama-cpp', name, 'bins', name);
  if (!fs.existsSync(dir)) throw new Error(`node-llama-cpp's prebuilt binaries for ${name} are not installed (${dir})`);
  const files = fs.readdirSync(dir);
  const find = (pattern, what) => {
    const file = files.find((f) => pattern.test(f));
    if (file === undefined) throw new Error(`${dir} has no ${what} shared library`);
    return file;
  };
  // libllama, and libggml and libggml-base for the CPU backend's thread pools.
  const libraries = [
    find(/^libllama(\.v[\d.]+)?\.so$/, 'libllama'),
    find(/^libggml(\.v[\d.]+)?\.so$/, 'libggml'),
    find(/^libggml-base\.so$/, 'libggml-base'),
  ];
  const release = readJson(path.join(dir, '_nlcBuildMetadata.json')).buildOptions?.llamaCpp?.release;
  if (typeof release !== 'string') throw new Error(`${dir}/_nlcBuildMetadata.json names no llama.cpp release`);
  return { dir, libraries, release };
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (r.error !== undefined) {
    const missing = r.error.code === 'ENOENT';
    throw new Error(missing ? `${command} is not installed` : `${command} could not start: ${r.error.message}`);
  }
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
  return r.stdout;
}

/** The compiler's own first line of `--version`, or why there is none (then the build says what is missing). */
function compilerVersion(compiler) {
  const r = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout.split('\n')[0] ?? '') : `unavailable (${r.error?.message ?? `exit ${r.status}`})`;
}

/** llama.cpp's public headers for `release`, from node-llama-cpp's source bundle, cached. */
function llamaHeaders(root, release) {
  const dir = path.join(root, '.cache', 'native', 'headers', release);
  if (fs.existsSync(path.join(dir, 'include', 'llama.h'))) return dir;
  const nodeLlamaCpp = path.join(root, 'node_modules', 'node-llama-cpp', 'llama');
  const tag = readJson(path.join(nodeLlamaCpp, 'llama.cpp.info.json')).tag;
  if (tag !== release) throw new Error(`node-llama-cpp's source bundle is llama.cpp ${tag} but its binaries are ${release}`);
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-llama-src-'));
  try {
    run('git', ['clone', '--quiet', '--bare', path.join(nodeLlamaCpp, 'gitRelease.bundle'), bare]);
    const partial = `${dir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    const archive = path.join(bare, 'headers.tar');
    run('git', ['--git-dir', bare, 'archive', '--output', archive, 'HEAD', 'include', 'ggml/include']);
    run('tar', ['-xf', archive, '-C', partial]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
    return dir;
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
}

/**
 * Builds the addon unless an up-to-date one is there. Returns its path; throws with the cause.
 * The manifest beside it records what it was built against: the worker uses it only with that
 * node-llama-cpp version and llama.cpp release.
 */
export function buildNative(root, { log = console.error } = {}) {
  const nativeDir = path.join(root, 'native');
  const files = fs
    .readdirSync(nativeDir)
    .filter((f) => /\.(cc|h)$/.test(f))
    .sort();
  const sources = files.filter((f) => f.endsWith('.cc')).map((f) => path.join(nativeDir, f));
  const nodeLlamaCppVersion = readJson(path.join(root, 'node_modules', 'node-llama-cpp', 'package.json')).version;
  const llama = prebuiltLlama(root);
  // -O3: the argmax's blocked maxima are vectorized at -O2 by some compilers only (GCC 12, not 11).
  const flags = ['-std=c++17', '-O3', '-shared', '-fPIC', '-fvisibility=hidden', '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS'];
  const compiler = process.env.CXX ?? 'c++';
  // Every source and header, by name and content, the flags and the compiler: a change to any rebuilds.
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(nativeDir, f)));
  hash.update(JSON.stringify({ flags, compiler: compilerVersion(compiler) }));
  const sourceHash = hash.digest('hex');
  const manifest = { nodeLlamaCppVersion, llamaCppRelease: llama.release, libraries: llama.libraries, sourceHash };
  const outDir = nativeBuildDir(root);
  const addon = path.join(outDir, 'decodeLoop.node');
  const manifestFile = path.join(outDir, 'decodeLoop.json');
  if (fs.existsSync(addon) && fs.existsSync(manifestFile) && JSON.stringify(readJson(manifestFile)) === JSON.stringify(manifest))
    return addon;
  const headers = llamaHeaders(root, llama.release);
  fs.mkdirSync(outDir, { recursive: true });
  const partial = `${addon}.partial`;
  log(`building the native decode loop against node-llama-cpp ${nodeLlamaCppVersion} (llama.cpp ${llama.release}) with ${compiler}`);
  run(compiler, [
    ...flags,
    '-I',
    path.join(root, 'node_modules', 'node-addon-api'),
    '-I',
    path.join(root, 'node_modules', 'node-api-headers', 'include'),
    '-I',
    path.join(headers, 'include'),
    '-I',
    path.join(headers, 'ggml', 'include'),
    ...sources,
    '-o',
    partial,
    // Linked by name only, no search path: the worker opens the addon after node-llama-cpp has
    // loaded its own libraries (CPU, CUDA or Vulkan build), which this one then binds to.
    `-L${llama.dir}`,
    ...llama.libraries.map((library) => `-l:${library}`),
  ]);
  fs.renameSync(partial, addon);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest)}\n`);
  return addon;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const addon = buildNative(root);
    console.error(`native decode loop: ${path.relative(root, addon)}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!ifPossible) {
      console.error(`The native decode loop was not built: ${message}\n${HINT}`);
      process.exit(1);
    }
    console.error(
      `Note: the native decode loop was not built (${message.split('\n')[0]}); greedy generation will use node-llama-cpp's own, slower loop. ${HINT}`,
    );
  }
}
