import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * ESLint rule: a module must not reach itself again through its relative imports.
 *
 * Unlike `import-x/no-cycle`, type-only imports count: a cycle made of types still means a shared type sits
 * in the wrong file, and the fix (move it to a leaf module) is the same. Package imports are not followed.
 */

const extensions = ['.ts', '.tsx', '.d.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx'];

/** Resolves a relative specifier to a file on disk, or undefined for a package or a file that does not exist. */
function resolveSpecifier(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = /\.m?js$/.test(base) ? base.replace(/\.m?js$/, '') : base;
  for (const candidate of [base, ...extensions.map((ext) => stem + ext)]) {
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) return candidate;
  }
  return undefined;
}

/** The module specifiers of a file's top-level `import … from`, `export … from` and `import x = require(…)`; `import()` is left out. */
function staticSpecifiers(source) {
  const specifiers = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression)) specifiers.push(expression.text);
    }
  }
  return specifiers;
}

/** Each file's resolved imports, read once per version of the file (keyed on its mtime). */
const importsCache = new Map();

function importsOf(file) {
  const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return [];
  const cached = importsCache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const imports = [
    ...new Set(
      staticSpecifiers(source)
        .map((s) => resolveSpecifier(file, s))
        .filter((f) => f !== undefined),
    ),
  ];
  importsCache.set(file, { mtimeMs, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `target`, or undefined when there is none. */
function pathBack(start, target) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const next of importsOf(current)) {
      if (next === target) {
        const chain = [current];
        for (let step = previous.get(current); step !== undefined; step = previous.get(step)) chain.unshift(step);
        return chain;
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports (type-only ones included) that lead back to the importing module.' },
    schema: [],
    messages: {
      cycle: 'Import cycle: {{chain}}. Move what both sides share into a leaf module that imports neither.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    const root = context.cwd;
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      const target = resolveSpecifier(file, specifier);
      if (target === undefined || target === file) return;
      const chain = pathBack(target, file);
      if (chain === undefined) return;
      const names = [file, ...chain, file].map((f) => path.relative(root, f));
      context.report({ node, messageId: 'cycle', data: { chain: names.join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node, node.moduleReference.expression.value);
      },
    };
  },
};

/** The local plugin that carries the rule, for `eslint.config.js`. */
export const evalbenchPlugin = { rules: { 'no-import-cycle': noImportCycle } };
