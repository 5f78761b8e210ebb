#!/usr/bin/env node
// The `jiuye` command: runs the TypeScript CLI through tsx, so no build step stands between a checkout and use.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
