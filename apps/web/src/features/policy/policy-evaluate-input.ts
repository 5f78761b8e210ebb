import dayjs, { type Dayjs } from 'dayjs';
import type { PolicyEvaluateInput, PolicySubjectKind } from '@jiuye/contracts';
import type { ErrorDetail } from '../../shared/api/client.ts';
import type { LibraryFact } from './policy.api.ts';

/**
 * The evaluation form's values and their way to and from POST /api/policy/evaluate: the body the form sends, and
 * the field each error of a refusal belongs to.
 */

export type EvaluateMode = 'laborer' | 'scenario';
export type FactInput = boolean | number | string | Dayjs | null | undefined;

export interface GrantInput {
  benefitId?: string;
  periodStart?: Dayjs;
  amountYuan?: number;
  months?: number;
  decidedOn?: Dayjs;
}

export interface EvaluateValues {
  laborerId?: number;
  kind: PolicySubjectKind;
  asOf: Dayjs;
  regionCode?: string;
  facts?: Record<string, FactInput>;
  grants?: GrantInput[];
  requireFacts?: boolean;
}

const SUBJECT_ID = 'scenario-subject';
const PERSON_ID = 'scenario-person';

/** A fact as the API wants it: dates as YYYY-MM-DD, money facts (unit fen) entered in 元. */
function factValue(fact: LibraryFact, input: FactInput): boolean | number | string | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  if (dayjs.isDayjs(input)) return input.format('YYYY-MM-DD');
  if (fact.unit === 'fen' && typeof input === 'number') return Math.round(input * 100);
  return input;
}

/** The body of POST /api/policy/evaluate: a registry labourer with supplementary facts, or a whole scenario. */
export function evaluateInputOf(
  values: EvaluateValues,
  mode: EvaluateMode,
  factKind: PolicySubjectKind,
  factsByName: ReadonlyMap<string, LibraryFact>,
): PolicyEvaluateInput {
  const facts: Record<string, boolean | number | string> = {};
  for (const [name, input] of Object.entries(values.facts ?? {})) {
    const fact = factsByName.get(name);
    const value = fact ? factValue(fact, input) : undefined;
    if (value !== undefined) facts[name] = value;
  }
  const asOf = values.asOf.format('YYYY-MM-DD');
  const grants = (values.grants ?? [])
    .filter((g) => g.benefitId && g.periodStart)
    .map((g, i) => ({
      id: `g${i + 1}`,
      benefitId: g.benefitId!,
      subjectKind: factKind,
      subjectId: SUBJECT_ID,
      ...(factKind === 'employer' || factKind === 'provider' ? { personId: PERSON_ID } : {}),
      periodStart: g.periodStart!.format('YYYY-MM-DD'),
      amountFen: Math.round((g.amountYuan ?? 0) * 100),
      ...(g.months ? { months: g.months } : {}),
      decidedOn: (g.decidedOn ?? g.periodStart!).format('YYYY-MM-DD'),
    }));
  return mode === 'laborer'
    ? { laborerId: values.laborerId, asOf, facts, requireFacts: values.requireFacts }
    : {
        subject: {
          kind: values.kind,
          id: SUBJECT_ID,
          ...(values.kind === 'employer' || values.kind === 'provider' ? { personId: PERSON_ID } : {}),
          facts,
        },
        asOf,
        regionCode: values.regionCode,
        grants,
        requireFacts: values.requireFacts,
      };
}

/** Maps the API's field names (subject.facts.trainingDays, facts.x, asOf …) to the form's. */
function serverFieldName(field: string): (string | number)[] | undefined {
  const fact = /^(?:subject\.)?facts\.([A-Za-z0-9_]+)/u.exec(field)?.[1];
  if (fact) return ['facts', fact];
  if (field === 'asOf') return ['asOf'];
  if (field === 'regionCode') return ['regionCode'];
  if (field === 'laborerId') return ['laborerId'];
  if (field === 'subject.kind') return ['kind'];
  const grant = /^grants\.?\[?(\d+)\]?/u.exec(field)?.[1];
  if (grant !== undefined) return ['grants', Number(grant), 'benefitId'];
  return undefined;
}

/** A refusal's details on the form's fields (one line per field naming every benefit that needs it), and the rest. */
export function serverFieldErrors(details: ErrorDetail[]): {
  fields: Array<{ name: (string | number)[]; errors: string[] }>;
  rest: string[];
} {
  const byField = new Map<string, { name: (string | number)[]; errors: string[]; needed: string[] }>();
  const rest: string[] = [];
  for (const detail of details) {
    const name = detail.field ? serverFieldName(detail.field) : undefined;
    if (!name) {
      rest.push(detail.message);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [], needed: [] };
    // "缺少X（x），判断Y需要" once per benefit: one line per field naming every benefit that needs it.
    const needed = detail.code === 'missing' ? /判断(.+)需要$/u.exec(detail.message)?.[1] : undefined;
    if (needed) entry.needed.push(needed);
    else if (!entry.errors.includes(detail.message)) entry.errors.push(detail.message);
    byField.set(key, entry);
  }
  const fields = [...byField.values()].map(({ name, errors, needed }) => ({
    name,
    errors: needed.length > 0 ? [...errors, `请填写：判断${needed.join('、')}需要此项`] : errors,
  }));
  return { fields, rest };
}
