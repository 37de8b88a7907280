// llama.cpp's own llama-bench and llama-batched-bench, built once from the llama.cpp that
// node-llama-cpp bundles (node_modules/node-llama-cpp/llama/gitRelease.bundle) into
// .cache/llama-cpp-tools, CPU only, Release, with the build options of node-llama-cpp's prebuilt
// binaries (GGML_NATIVE off, dynamically loaded CPU backend, no OpenMP) and the instruction-set
// features of the CPU variant those binaries load on this machine, so both sides run the same code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Llama } from 'node-llama-cpp';

export interface LlamaCppTools {
  bench: string;
  batchedBench: string;
  libDir: string;
  /** The ggml CPU variant node-llama-cpp loads here, whose features the build copies. */
  variant: string;
}

const BUILD_HINT =
  'The llama.cpp tools are built once into .cache/llama-cpp-tools (about 10 minutes on 2 cores) and need git, cmake (>= 3.14) and a C++17 compiler, ' +
  'e.g. `apt-get install git cmake g++`. After fixing the cause, delete .cache/llama-cpp-tools/build and run the bench again.';

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(`${missing ? `${command} is not installed` : `${command} could not start: ${r.error.message}`}. ${BUILD_HINT}`);
  }
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${String(r.status ?? r.signal)}) in ${cwd}. ${BUILD_HINT}`);
}

/** The libggml-cpu-<variant>.so node-llama-cpp maps into this process once a model is loaded (Linux). */
async function loadedCpuVariant(llama: Llama, modelPath: string): Promise<string> {
  const model = await llama.loadModel({ modelPath });
  const maps = fs.readFileSync('/proc/self/maps', 'utf8');
  await model.dispose();
  const variant = /libggml-cpu-([\w.-]+)\.so/.exec(maps)?.[1];
  if (variant === undefined) throw new Error('Could not tell which ggml CPU variant node-llama-cpp loaded (/proc/self/maps names none).');
  return variant;
}

/** The GGML_<feature> options of a variant, from `ggml_add_cpu_backend_variant(name FEATURES…)` in ggml/src/CMakeLists.txt. */
function variantFeatures(source: string, variant: string): string[] {
  const text = fs.readFileSync(path.join(source, 'ggml/src/CMakeLists.txt'), 'utf8');
  const line = new RegExp(`ggml_add_cpu_backend_variant\\(${variant.replace(/[.]/g, '\\.')}(\\s[^)]*)?\\)`).exec(text);
  if (line === null) throw new Error(`ggml/src/CMakeLists.txt has no CPU variant named ${variant}`);
  return (line[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
}

/** `llama`: the caller's CPU-only node-llama-cpp instance (reused so that its logger keeps receiving llama.cpp's logs). */
export async function ensureLlamaCppTools(root: string, llama: Llama, probeModel: string): Promise<LlamaCppTools> {
  if (process.platform !== 'linux')
    throw new Error(`The vs-llama-cpp bench builds and runs llama.cpp's tools on Linux only (this is ${process.platform}).`);
  const dir = path.join(root, '.cache', 'llama-cpp-tools');
  const source = path.join(dir, 'src');
  const build = path.join(dir, 'build');
  const bin = path.join(build, 'bin');
  const variant = await loadedCpuVariant(llama, probeModel);
  const tools = { bench: path.join(bin, 'llama-bench'), batchedBench: path.join(bin, 'llama-batched-bench'), libDir: bin, variant };
  if (fs.existsSync(tools.bench) && fs.existsSync(tools.batchedBench) && fs.existsSync(path.join(bin, 'libggml-cpu.so'))) return tools;
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(source))
    run('git', ['clone', '--quiet', path.join(root, 'node_modules/node-llama-cpp/llama/gitRelease.bundle'), source], dir);
  const features = variantFeatures(source, variant);
  console.error(
    `building llama-bench and llama-batched-bench (CPU variant ${variant}: ${features.join(' ') || 'baseline x86-64'}); this takes minutes`,
  );
  run(
    'cmake',
    [
      '-S',
      source,
      '-B',
      build,
      '-DCMAKE_BUILD_TYPE=Release',
      '-DGGML_NATIVE=OFF',
      '-DGGML_BACKEND_DL=ON',
      '-DGGML_CPU_ALL_VARIANTS=OFF',
      '-DGGML_OPENMP=OFF',
      '-DGGML_CCACHE=OFF',
      '-DGGML_METAL=OFF',
      '-DLLAMA_CURL=OFF',
      '-DLLAMA_OPENSSL=OFF',
      '-DLLAMA_BUILD_TESTS=OFF',
      '-DLLAMA_BUILD_SERVER=OFF',
      ...features.map((f) => `-DGGML_${f}=ON`),
    ],
    dir,
  );
  run('cmake', ['--build', build, '-j2', '--target', 'llama-bench', 'llama-batched-bench', 'ggml-cpu'], dir);
  return tools;
}

/** Runs a tool, pinned to `cpus` (taskset's list) when given. */
function runTool(tools: LlamaCppTools, binary: string, args: string[], cpus?: string): string {
  const r = spawnSync(cpus === undefined ? binary : 'taskset', cpus === undefined ? args : ['-c', cpus, binary, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LD_LIBRARY_PATH: tools.libDir },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`${path.basename(binary)} ${args.join(' ')} failed (exit ${String(r.status)}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/**
 * The same tools run on node-llama-cpp's own prebuilt libraries (libllama, libggml and the CPU
 * variant it loads here), so that llama.cpp's tools and Evalbench execute the very same machine
 * code: the prebuilt binaries come from another compiler, and that alone moved F16 prompt speed by
 * 1.6× and F16 generation by 0.7× in llama-bench on this machine. The tools' own code (argument
 * parsing, timing loops) stays ours, built from the same release. A folder of links: the tools are
 * copied beside them because ggml loads its CPU backend from the executable's folder.
 */
export function onNodeLlamaCppLibraries(root: string, tools: LlamaCppTools): LlamaCppTools {
  const name = `${process.platform}-${process.arch}`;
  const prebuilt = path.join(root, 'node_modules', '@node-llama-cpp', name, 'bins', name);
  const files = fs.readdirSync(prebuilt);
  const find = (test: (file: string) => boolean, what: string): string => {
    const file = files.find(test);
    if (file === undefined) throw new Error(`${prebuilt} has no ${what}`);
    return path.join(prebuilt, file);
  };
  const dir = path.join(root, '.cache', 'llama-cpp-tools', 'on-node-llama-cpp-libraries');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const links: [string, string][] = [
    ['libllama.so.0', find((f) => /^libllama(\.v[\d.]+)?\.so$/.test(f), 'libllama')],
    ['libggml.so.0', find((f) => /^libggml(\.v[\d.]+)?\.so$/.test(f), 'libggml')],
    ['libggml-base.so.0', find((f) => f === 'libggml-base.so', 'libggml-base')],
    [`libggml-cpu-${tools.variant}.so`, find((f) => f === `libggml-cpu-${tools.variant}.so`, `CPU variant ${tools.variant}`)],
  ];
  for (const own of fs.readdirSync(tools.libDir).filter((f) => /^libllama-(common|bench-impl|batched-bench-impl)\.so/.test(f)))
    links.push([own, path.join(tools.libDir, own)]);
  for (const [link, target] of links) fs.symlinkSync(target, path.join(dir, link));
  for (const tool of [tools.bench, tools.batchedBench]) {
    const copy = path.join(dir, path.basename(tool));
    fs.copyFileSync(tool, copy);
    fs.chmodSync(copy, 0o755);
  }
  return { ...tools, bench: path.join(dir, 'llama-bench'), batchedBench: path.join(dir, 'llama-batched-bench'), libDir: dir };
}

/**
 * llama-bench's prompt and generation tokens/s (one repetition; the caller interleaves rounds):
 * generation from an empty context (`tg`, what published llama-bench figures show) and after
 * `promptTokens` already in the context (`-d`, the work a case's generation does), each in a
 * context of llama-bench's own size (prompt + generated tokens).
 */
export function llamaBench(
  tools: LlamaCppTools,
  model: string,
  o: { threads: number; promptTokens: number; genTokens: number; cpus?: string },
): { promptTps: number; genTps: number; genAfterPromptTps: number } {
  const out = JSON.parse(
    runTool(
      tools,
      tools.bench,
      [
        '-m',
        model,
        '-t',
        String(o.threads),
        '-p',
        String(o.promptTokens),
        '-n',
        String(o.genTokens),
        '-d',
        `0,${o.promptTokens}`,
        '-r',
        '1',
        '-fa',
        '0',
        '-o',
        'json',
      ],
      o.cpus,
    ),
  ) as { n_prompt: number; n_gen: number; n_depth: number; avg_ts: number }[];
  const pp = out.find((r) => r.n_prompt > 0 && r.n_gen === 0 && r.n_depth === 0);
  const tg = out.find((r) => r.n_gen > 0 && r.n_prompt === 0 && r.n_depth === 0);
  const tgDeep = out.find((r) => r.n_gen > 0 && r.n_prompt === 0 && r.n_depth === o.promptTokens);
  if (pp === undefined || tg === undefined || tgDeep === undefined) throw new Error('llama-bench gave no pp, tg or tg-at-depth row');
  return { promptTps: pp.avg_ts, genTps: tg.avg_ts, genAfterPromptTps: tgDeep.avg_ts };
}

/** llama-batched-bench with `parallel` sequences: generated tokens over its whole time (prompt included), as our aggregate is. */
export function llamaBatchedBench(
  tools: LlamaCppTools,
  model: string,
  o: { threads: number; promptTokens: number; genTokens: number; parallel: number; cpus?: string },
): { endToEndGenTps: number; genPhaseTps: number } {
  const lines = runTool(
    tools,
    tools.batchedBench,
    [
      '-m',
      model,
      '-t',
      String(o.threads),
      '-c',
      '2048',
      '-b',
      '2048',
      '-ub',
      '512',
      '-fa',
      'off',
      '-npp',
      String(o.promptTokens),
      '-ntg',
      String(o.genTokens),
      '-npl',
      String(o.parallel),
      '--output-format',
      'jsonl',
    ],
    o.cpus,
  )
    .split('\n')
    .filter((l) => l.startsWith('{'));
  const row = JSON.parse(lines.at(-1) ?? 'null') as { pl: number; tg: number; t: number; speed_tg: number } | null;
  if (row === null) throw new Error('llama-batched-bench printed no result');
  return { endToEndGenTps: (row.pl * row.tg) / row.t, genPhaseTps: row.speed_tg };
}
