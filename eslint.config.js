// ESLint: the import table of the folders (who may import what) as a rule, promises that are awaited or
// deliberately let go, and a few rules that catch real bugs. Style is not linted here.
// Run with `npm run lint`; test/lint/fences.test.ts proves each fence fires.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * The import table. For a file in `folder` (the longest matching prefix wins):
 * - `folders`: the project folders it may import at run time (a folder allows everything below it);
 * - `typeFolders`: folders it may import types from (`import type`, or every specifier `type`), nothing else;
 * - `packages`: when present, the only npm packages it may import (`@scope/*` allows a whole scope), and
 *   `typePackages` the ones it may import types from;
 * - `node`: whether Node built-ins (`node:fs`, `fs`, …) are allowed.
 * `why` ends every message, so a broken fence explains itself.
 */
export const FENCES = {
  dsl: {
    folders: ['dsl'],
    packages: ['zod', 'yaml', '@noble/hashes'],
    node: false,
    why: 'dsl/ is the language and runs in the browser, the server and the workflow sandbox: pure code, no I/O, no runtime',
  },
  'workers/workflows': {
    folders: ['dsl', 'workers/workflows', 'server/temporal/contract'],
    typeFolders: ['workers/activities'],
    packages: ['@temporalio/workflow'],
    typePackages: ['@temporalio/*'],
    node: false,
    why: 'workflow code is deterministic and sandboxed: no I/O, no Node built-ins; it reaches the world through activities',
  },
  workers: {
    folders: ['dsl', 'workers', 'server/db', 'server/artifacts', 'server/secrets', 'server/temporal/contract', 'server/monitoring', 'server/serving/prediction-log'],
    node: true,
    why: 'workers/ runs steps with dsl/, the storage of server/ (database, artifact store, secret store, prediction log), monitoring\'s statistics and the workflow contract, never with the API, the app or the CLI',
  },
  server: {
    folders: ['dsl', 'server'],
    node: true,
    why: 'server/ never imports workers/, app/ or cli/: it starts workflows through server/temporal/contract',
  },
  // The graph layout is the one value app/ takes from server/ (docs/decisions.md, "Graph layout lives in
  // server/layout.ts"): both lay graphs out, and server/ may not import app/.
  'server/layout': {
    folders: ['dsl', 'server/layout'],
    packages: ['elkjs'],
    node: false,
    why: 'server/layout.ts is bundled into the web app too: elkjs and dsl/ only, no Node built-ins, no server state',
  },
  app: {
    folders: ['dsl', 'app', 'server/layout'],
    typeFolders: ['server'],
    node: true,
    why: 'the web app imports dsl/ and the API types of server/ (import type) only; it reaches the server through tRPC',
  },
  cli: {
    folders: ['dsl', 'server', 'workers', 'cli'],
    node: true,
    why: 'the CLI composes dsl/, server/ and the worker entry points; the web app is served, never imported',
  },
};

const PROJECT_FOLDERS = ['dsl', 'server', 'workers', 'app', 'cli', 'test', 'bench', 'migrations', 'examples', 'bin'];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function fenceFor(fileRel) {
  const bare = fileRel.replace(/\.[cm]?[jt]sx?$/, '');
  const key = Object.keys(FENCES)
    .filter((f) => bare === f || bare.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
  // Messages name the folder (`dsl/`), or the file when the fence is one file (`server/layout.ts`).
  return key ? { key, from: bare === key ? fileRel : `${key}/`, ...FENCES[key] } : undefined;
}

const under = (rel, folder) => rel === folder || rel.startsWith(`${folder}/`);

/** Whether the import statement brings in types only (erased at compile time). */
function isTypeOnly(node) {
  if (node.type === 'TSImportType') return true;
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const fences = {
  meta: {
    type: 'problem',
    docs: { description: 'The import table of the folders: what each folder may import.' },
    schema: [],
    messages: {
      node: '{{from}} may not import the Node built-in "{{spec}}": {{why}}.',
      folder: '{{from}} may not import {{target}}/ ("{{spec}}"): {{why}}.',
      typeOnly: '{{from}} may import only types from {{target}}/ ("{{spec}}"): use `import type`. {{why}}.',
      package: '{{from}} may not import the package "{{pkg}}" (only {{allowed}}): {{why}}.',
    },
  },
  create(context) {
    // Paths are taken from the repository root (this file's folder), wherever ESLint was started.
    const fileRel = path.relative(import.meta.dirname, context.filename).split(path.sep).join('/');
    const fence = fenceFor(fileRel);
    if (!fence) return {};
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      const data = { from: fence.from, spec, why: fence.why };
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(fileRel), spec));
        if (fence.folders.some((f) => under(target, f))) return;
        const top = PROJECT_FOLDERS.find((f) => under(target, f)) ?? target;
        const typeFolder = fence.typeFolders?.find((f) => under(target, f));
        if (typeFolder) {
          if (!isTypeOnly(node)) context.report({ node, messageId: 'typeOnly', data: { ...data, target: typeFolder } });
          return;
        }
        context.report({ node, messageId: 'folder', data: { ...data, target: top } });
        return;
      }
      if (BUILTINS.has(spec) || spec.startsWith('node:')) {
        if (!fence.node) context.report({ node, messageId: 'node', data });
        return;
      }
      if (!fence.packages) return;
      const pkg = packageName(spec);
      const listed = (list = []) => list.some((p) => p === pkg || (p.endsWith('/*') && pkg.startsWith(p.slice(0, -1))));
      if (!listed(fence.packages) && !(isTypeOnly(node) && listed(fence.typePackages))) {
        context.report({ node, messageId: 'package', data: { ...data, pkg, allowed: fence.packages.join(', ') } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

export default defineConfig(
  globalIgnores(['node_modules/', 'dist/', '.next/', '.headrace/', 'test-results/', 'tmp/', 'next-env.d.ts', '**/*.js', '**/*.mjs', '**/*.cjs']),
  {
    files: ['{dsl,server,workers,app,cli,test,bench}/**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, headrace: { rules: { fences } } },
    rules: {
      'headrace/fences': 'error',
      // Promises: awaited, returned, or let go on purpose with `void` (and a comment saying why).
      '@typescript-eslint/no-floating-promises': 'error',
      // Async JSX handlers are React's idiom (each one in app/ catches its own errors): not flagged.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      // An error dropped on purpose says why: no empty `catch {}` without a comment, no `.catch(() => {})`.
      'no-empty': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='catch'] > :matches(ArrowFunctionExpression, FunctionExpression)[body.type='BlockStatement'][body.body.length=0]",
          message: 'An error dropped on purpose says why in a comment and is logged: no `.catch(() => {})`.',
        },
      ],
      // An error thrown from a catch carries what was caught as its `cause`.
      'preserve-caught-error': 'error',
      'no-async-promise-executor': 'error',
      'no-cond-assign': 'error',
      'no-control-regex': 'error',
      'no-constant-binary-expression': 'error',
      'no-dupe-keys': 'error',
      'no-duplicate-case': 'error',
      'no-fallthrough': 'error',
      'no-self-assign': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      'no-unsafe-negation': 'error',
      'use-isnan': 'error',
      'valid-typeof': 'error',
    },
  },
);
