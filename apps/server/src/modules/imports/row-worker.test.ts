import { describe, expect, it } from 'vitest';
import type { InspectedFile, SheetFacts } from '../files/file-guard.ts';
import { workerHeapLimitMb } from './row-worker.ts';

describe('the import worker heap limit', () => {
  const csv = (lines: number): InspectedFile => ({
    kind: 'csv',
    size: 0,
    sha256: '',
    encoding: 'utf8',
    lines,
  });
  const xlsx = (size: number, lastRows: Array<number | undefined>): InspectedFile => ({
    kind: 'xlsx',
    size,
    sha256: '',
    entries: [],
    sheets: new Map(lastRows.map((lastRow, i) => [`s${i}`, { merges: [], lastRow } satisfies SheetFacts])),
    maxSharedStringBytes: 256 * 1024 * 1024,
  });

  it('is 768 MB up to three million rows, and grows with the rows beyond', () => {
    expect(workerHeapLimitMb(csv(10))).toBe(768);
    expect(workerHeapLimitMb(csv(1_000_000))).toBe(768);
    expect(workerHeapLimitMb(csv(3_000_000))).toBe(768);
    expect(workerHeapLimitMb(csv(4_000_000))).toBe(896);
    expect(workerHeapLimitMb(csv(5_000_001))).toBe(256 + 6 * 160);
  });

  it('counts an xlsx by its largest sheet, or by its size when a sheet has no dimension', () => {
    expect(workerHeapLimitMb(xlsx(100, [4_000_000, 10]))).toBe(256 + 4 * 160);
    expect(workerHeapLimitMb(xlsx(64 * 5_000_000, [undefined]))).toBe(256 + 5 * 160);
  });
});
