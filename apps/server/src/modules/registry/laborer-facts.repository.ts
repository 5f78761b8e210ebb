import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { sql } from 'kysely';
import { regionPrefix, simplifyScope } from '@jiuye/domain';
import { MISSING_CODE } from '@jiuye/domain/policy/index.ts';
import type { Db } from '../../db/database.ts';
import { regionRangeCondition } from '../../lib/scope.ts';

/**
 * The registry read in bulk by other modules: labourers by the blind index of their ID number (the grant ledger
 * names and places the people of its grants), and the registry of a region scope as packed numbers for the
 * policy what-if, a million labourers in one streamed pass. Plain reads: scope checks are the caller's. The
 * what-if's grant read joins policy_grant to laborer on the ID-number index in one statement, the one read here
 * that touches another module's table: a lookup per grant would not keep up with a million labourers.
 */

export interface LaborerRegions {
  /** 户籍地. */
  regionCode: string;
  /** 务工所在地 of an employed labourer. */
  workRegionCode: string | null;
  idNumberMasked: string;
}

/** The 户籍地 and 务工所在地 of the registry labourers with these blind indexes (500 per query). */
export async function findLaborerRegionsByIdIndex(
  db: Db,
  indexes: readonly string[],
): Promise<Map<string, LaborerRegions>> {
  const found = new Map<string, LaborerRegions>();
  const unique = [...new Set(indexes)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('laborer')
      .select(['idNumberIndex', 'regionCode', 'workRegionCode', 'idNumberMasked'])
      .where('idNumberIndex', 'in', unique.slice(i, i + 500))
      .execute();
    for (const row of rows)
      found.set(row.idNumberIndex, {
        regionCode: row.regionCode.trim(),
        workRegionCode: row.workRegionCode?.trim() || null,
        idNumberMasked: row.idNumberMasked,
      });
  }
  return found;
}

/** Id and name of the registry labourers with these blind indexes. */
export async function findLaborerNamesByIdIndex(
  db: Db,
  indexes: readonly string[],
): Promise<Map<string, { id: number; name: string }>> {
  const found = new Map<string, { id: number; name: string }>();
  if (indexes.length === 0) return found;
  const rows = await db
    .selectFrom('laborer')
    .select(['id', 'name', 'idNumberIndex'])
    .where('idNumberIndex', 'in', [...indexes])
    .execute();
  for (const row of rows) found.set(row.idNumberIndex, { id: row.id, name: row.name });
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The registry of a scope as packed numbers (the policy what-if's population). The batches are id ranges of the
// labourer's primary key; the caller decodes the numbers.

/**
 * A labourer's facts as one number: 1 搬迁, 2 有培训意愿, 4 无培训意愿, 8 脱贫户 (household type alleviated),
 * 16 no household.
 */
const LABORER_FLAGS = `case when l.is_relocated then 1 else 0 end
  + case when l.training_willingness = 'willing' then 2 when l.training_willingness = 'unwilling' then 4 else 0 end
  + case when h.id is null then 16 when h.household_type = 'alleviated' then 8 else 0 end`;

/**
 * A spell's 务工地域 and flags as one number: 务工地域 index × 16 + flags (1 有组织, 2 channel organized_outflow,
 * 4 公益性岗位, 8 个体经营); 务工地域 outside the fact's values is MISSING_CODE. Work areas are codes of the
 * registry's dictionary (digits, letters, '_'): quoted as SQL literals.
 */
function spellAreaAndFlags(workAreas: readonly string[]): string {
  const cases = workAreas
    .filter((value) => /^[a-z_]+$/u.test(value))
    .map((value) => `when '${value}' then ${workAreas.indexOf(value)}`);
  const workAreaCase =
    cases.length > 0 ? `case s.work_area ${cases.join(' ')} else ${MISSING_CODE} end` : `${MISSING_CODE}`;
  return `(${workAreaCase}) * 16
    + case when s.is_organized_transport then 1 else 0 end
    + case when s.channel = 'organized_outflow' then 2 when s.channel = 'welfare_post' then 4 else 0 end
    + case when s.employment_form = 'self_employed' then 8 else 0 end`;
}

/** The spell's start month ('YYYY-MM') as a month index: year × 12 + month − 1. */
const SPELL_MONTH_INDEX = `cast(substr(s.start_month, 1, 4) as bigint) * 12 + cast(substr(s.start_month, 6, 2) as bigint) - 1`;

/** The spells that cover the as-of month (the registry's currentSpell considers only those). */
const SPELL_COVERS = `s.start_month <= ? and (s.end_month is null or s.end_month = '' or s.end_month >= ?)`;

export interface PopulationQuery {
  /** Region codes whose labourers (by 户籍地) are read. */
  scope: readonly string[];
  /** The values of the 务工地域 fact, in order: a spell's 务工地域 is given as its index. */
  workAreas: readonly string[];
  /** The benefits whose grants are read, in order: a grant's benefit is given as its index (SQLite). */
  benefitIds: readonly string[];
  /** The kinds of grant subject read (SQLite). */
  subjectKinds: readonly string[];
}

/** The scope as SQL text and its parameters (regionRangeCondition's ranges, for a prepared statement). */
function scopeRanges(column: string, scope: readonly string[]): { text: string; parameters: string[] } {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  if (prefixes.length === 0) return { text: '1 = 0', parameters: [] };
  return {
    text: `(${prefixes.map(() => `(${column} >= ? and ${column} <= ?)`).join(' or ')})`,
    parameters: prefixes.flatMap((prefix) => [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')]),
  };
}

/**
 * The population's statements on a better-sqlite3 connection, prepared once. Each batch comes as one string of
 * comma-separated numbers (group_concat): a million rows handed to JavaScript one by one cost more than reading
 * them. NULLs would drop a row from group_concat: every part of these strings is not null.
 */
export interface SqlitePopulationReader {
  /** Number, lowest and highest id of the labourers of the scope. */
  count: () => [number, number | null, number | null];
  /** Labourers with from < id <= to: id, 户籍地 code, LABORER_FLAGS, … */
  laborers: (from: number, to: number) => string | null;
  /** Spells covering the month ('YYYY-MM') of labourers from < id <= to: labourer id, spell id, start month 'YYYY-MM', spellAreaAndFlags, … */
  spells: (from: number, to: number, month: string) => string | null;
  /** Lowest and highest grant id. */
  grantRange: () => [number | null, number | null];
  /**
   * Grants with after < id <= until of known benefits and subject kinds about labourers of the scope (by the blind
   * index): labourer id, benefit index, 1 when the period starts in `year` (else 0), amount (may be negative),
   * months (0 when none), … The grants are the policy ledger's; they are joined to the labourers in the statement,
   * on the blind index, because a lookup per grant would not keep up with a million labourers.
   */
  grants: (year: string, after: number, until: number) => string | null;
}

export function prepareSqlitePopulationReader(
  connection: SQLiteDatabase,
  query: PopulationQuery,
): SqlitePopulationReader {
  const scope = scopeRanges('l.region_code', query.scope);
  const countStatement = connection
    .prepare(`select count(*), min(l.id), max(l.id) from laborer l where ${scope.text}`)
    .raw(true);
  const laborerStatement = connection
    .prepare(
      `select group_concat(l.id || ',' || l.region_code || ',' || (${LABORER_FLAGS}), ',')
       from laborer l left join household h on h.id = l.household_id
       where l.id > ? and l.id <= ? and ${scope.text}`,
    )
    .pluck();
  const spellStatement = connection
    .prepare(
      `select group_concat(s.laborer_id || ',' || s.id || ',' || s.start_month || ',' || (${spellAreaAndFlags(query.workAreas)}), ',')
       from employment_spell s
       where s.laborer_id > ? and s.laborer_id <= ? and ${SPELL_COVERS}`,
    )
    .pluck();
  const benefitIds = query.benefitIds;
  const subjectKinds = query.subjectKinds;
  const benefitIndex =
    benefitIds.length > 0
      ? `case g.benefit_id ${benefitIds.map((_, k) => `when ? then ${k}`).join(' ')} end`
      : '0';
  const benefitKnown =
    benefitIds.length > 0 ? `g.benefit_id in (${benefitIds.map(() => '?').join(', ')})` : '1 = 0';
  const grantStatement = connection
    .prepare(
      `select group_concat(l.id || ',' || (${benefitIndex})
         || ',' || (substr(g.period_start, 1, 4) = ?) || ',' || g.amount_fen || ',' || ifnull(g.months, 0), ',')
       from policy_grant g join laborer l on l.id_number_index = g.person_id_index
       where g.id > ? and g.id <= ? and ${benefitKnown}
         and g.subject_kind in (${subjectKinds.map(() => '?').join(', ')}) and ${scope.text}`,
    )
    .pluck();
  const grantRange = connection.prepare('select min(id), max(id) from policy_grant').raw(true);
  return {
    count: () => countStatement.get(...scope.parameters) as [number, number | null, number | null],
    laborers: (from, to) => laborerStatement.get(from, to, ...scope.parameters) as string | null,
    spells: (from, to, month) => spellStatement.get(from, to, month, month) as string | null,
    grantRange: () => grantRange.get() as [number | null, number | null],
    grants: (year, after, until) =>
      grantStatement.get(
        ...benefitIds,
        year,
        after,
        until,
        ...benefitIds,
        ...subjectKinds,
        ...scope.parameters,
      ) as string | null,
  };
}

/** A grant about a labourer of the scope, with short names: a million rows are not camel-cased. */
export interface PopulationGrantRow {
  gid: number;
  lid: number;
  bid: string;
  ps: string;
  amt: number | string;
  mo: number | null;
  sk: string;
}

/**
 * The same reads through Kysely (PostgreSQL, or SQLite without a file), raw rows packed into few numbers: a
 * million small rows of two or three numbers cost far less to hand over than wide ones.
 */
export function kyselyPopulationReader(db: Db, query: Pick<PopulationQuery, 'scope' | 'workAreas'>) {
  // Raw rows: short aliases, no camel-case mapping of a million rows.
  const raw = db.withoutPlugins();
  const inScope = regionRangeCondition('l.region_code', query.scope);
  const areaAndFlags = spellAreaAndFlags(query.workAreas);
  return {
    /** Number, lowest and highest id of the labourers of the scope. */
    async count() {
      const { rows } = await sql<{ n: number | string; lo: number | null; hi: number | null }>`
        select count(*) as n, min(l.id) as lo, max(l.id) as hi from laborer l where ${inScope}`.execute(raw);
      return rows[0];
    },
    /** Labourers with from < id <= to, by id: `p` = 户籍地 code × 32 + LABORER_FLAGS. */
    async laborers(from: number, to: number) {
      const { rows } = await sql<{ id: number; p: number | string }>`
        select l.id as id, cast(l.region_code as bigint) * 32 + ${sql.raw(LABORER_FLAGS)} as p
        from laborer l left join household h on h.id = l.household_id
        where l.id > ${from} and l.id <= ${to} and ${inScope}
        order by l.id`.execute(raw);
      return rows;
    },
    /** Spells covering the month ('YYYY-MM') of labourers from < id <= to: `m` SPELL_MONTH_INDEX, `p` spellAreaAndFlags. */
    async spells(from: number, to: number, month: string) {
      const { rows } = await sql<{ lid: number; sid: number; m: number | string; p: number | string }>`
        select s.laborer_id as lid, s.id as sid, ${sql.raw(SPELL_MONTH_INDEX)} as m,
          ${sql.raw(areaAndFlags)} as p
        from employment_spell s
        where s.laborer_id > ${from} and s.laborer_id <= ${to} and s.start_month <= ${month}
          and (s.end_month is null or s.end_month = '' or s.end_month >= ${month})
        order by s.laborer_id`.execute(raw);
      return rows;
    },
    /** The next `limit` grants after the grant id `after` about labourers of the scope (by the blind index). */
    async grants(after: number, limit: number) {
      const { rows } = await sql<PopulationGrantRow>`
        select g.id as gid, l.id as lid, g.benefit_id as bid, g.period_start as ps, g.amount_fen as amt,
          g.months as mo, g.subject_kind as sk
        from policy_grant g join laborer l on l.id_number_index = g.person_id_index
        where g.id > ${after} and ${inScope}
        order by g.id
        limit ${limit}`.execute(raw);
      return rows;
    },
  };
}
