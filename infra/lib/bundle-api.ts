/**
 * Bundles the API's Lambda entry (api/lambda.ts, export `handler`) with esbuild, on this
 * machine: no Docker. The output folder is the Lambda asset (`lambda.Code.fromAsset`).
 *
 * One ESM file, `index.mjs`, with every dependency inside (the AWS SDK too: the version the
 * code was tested with, not whatever the Lambda runtime ships). CommonJS dependencies that
 * call `require` for Node built-ins get a real `require` from `createRequire`.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { apiLambdaEntry, defaultApiBundleDir, repoRoot } from './paths.js';

/** The file the bundle is written to, and so the handler string `index.handler`. */
export const apiBundleFile = 'index.mjs';
/** The function the entry exports (api/lambda.ts). */
export const apiHandlerExport = 'handler';
export const apiHandler = `${apiBundleFile.replace(/\.mjs$/, '')}.${apiHandlerExport}`;

export interface ApiBundle {
  /** The folder to hand to `lambda.Code.fromAsset`. */
  dir: string;
  /** The bundle file's path. */
  file: string;
  /** What the bundle exports (must include `handler`). */
  exports: string[];
  /** The entry point, relative to the repository root (`api/lambda.ts`). */
  entryPoint: string;
  /** Every source file inside, relative to the repository root. */
  inputs: string[];
  bytes: number;
}

export interface BundleApiOptions {
  outDir?: string;
  /** Node major version the bundle targets (the Lambda runtime's). */
  nodeMajor?: number;
}

export async function bundleApi(options: BundleApiOptions = {}): Promise<ApiBundle> {
  const dir = options.outDir ?? defaultApiBundleDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, apiBundleFile);
  const result = await build({
    entryPoints: [apiLambdaEntry],
    outfile,
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${options.nodeMajor ?? 20}`,
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
    // Some CommonJS dependencies require Node built-ins at run time; an ES module has no `require`.
    banner: {
      js: [
        "import { createRequire as __alurCreateRequire } from 'node:module';",
        "import { fileURLToPath as __alurFileURLToPath } from 'node:url';",
        "import { dirname as __alurDirname } from 'node:path';",
        'const require = __alurCreateRequire(import.meta.url);',
        'const __filename = __alurFileURLToPath(import.meta.url);',
        'const __dirname = __alurDirname(__filename);',
      ].join('\n'),
    },
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  besidePdfkitFonts(dir);
  return describe(result.metafile, dir, outfile);
}

/**
 * pdfkit (the commitment PDF, api/commitment-pdf.ts) loads its standard fonts at run time with
 * `require('#standard-fonts/<name>')`, a subpath import of its own package that no bundler can
 * follow. Beside the bundle go those font modules and a package.json mapping the same subpath
 * to them, so the bundle's `require` finds them as it would inside pdfkit.
 */
function besidePdfkitFonts(dir: string): void {
  const fonts = join(repoRoot, 'node_modules', 'pdfkit', 'js', 'standard-fonts');
  cpSync(fonts, join(dir, 'pdfkit-standard-fonts'), { recursive: true, filter: (src) => !src.endsWith('.mjs') });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ imports: { '#standard-fonts/*': './pdfkit-standard-fonts/*.cjs' } }, null, 2)}\n`);
}

function describe(metafile: Metafile, dir: string, outfile: string): ApiBundle {
  const key = relative(repoRoot, outfile);
  const output = metafile.outputs[key];
  if (!output) throw new Error(`esbuild wrote no ${key}`);
  return {
    dir,
    file: outfile,
    exports: output.exports,
    entryPoint: output.entryPoint ?? '',
    inputs: Object.keys(output.inputs),
    bytes: output.bytes,
  };
}
