import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';

/** better-sqlite3 binds numbers, strings, null and buffers: a boolean goes in as 0 or 1, undefined as null. */
export const sqliteValue = (value: unknown) =>
  typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null);

/** Rows per multi-row statement: 50 labourers of 39 columns stay far under SQLite's 32,766 parameters. */
const SQLITE_BATCH = 50;

/**
 * Runs `insert … values (…), (…) …` over many rows with two prepared statements, one for full batches and one
 * for the rest of a chunk, so each row costs its bound values and not a statement of its own (better-sqlite3 has
 * no array binding: this is the batching it leaves to the caller).
 */
export function multiRowStatement(
  connection: SQLiteDatabase,
  head: string,
  width: number,
  tail: string,
  returns: boolean,
) {
  const text = (count: number) =>
    `${head} values ${Array.from({ length: count }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ')} ${tail}`;
  const full = connection.prepare(text(SQLITE_BATCH));
  const sized = new Map<number, Statement>();
  const statementFor = (count: number) => {
    if (count === SQLITE_BATCH) return full;
    let statement = sized.get(count);
    if (!statement) {
      statement = connection.prepare(text(count));
      sized.set(count, statement);
    }
    return statement;
  };
  return (rows: readonly unknown[][]): unknown[] => {
    const answers: unknown[] = [];
    for (let at = 0; at < rows.length; at += SQLITE_BATCH) {
      const part = rows.slice(at, at + SQLITE_BATCH);
      const values: unknown[] = [];
      for (const row of part) for (const value of row) values.push(sqliteValue(value));
      const statement = statementFor(part.length);
      if (returns) answers.push(...statement.all(...values));
      else statement.run(...values);
    }
    return answers;
  };
}
