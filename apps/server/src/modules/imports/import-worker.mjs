// Entry of the import's worker thread: the application runs its TypeScript through tsx (bin/jiuye.mjs), and a
// worker thread starts without the parent's loader hooks when they were registered in code, so it registers them.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
