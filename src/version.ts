import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './util/package-root.ts';

/** This package's version, read from its package.json. */
export const VERSION: string = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
