/**
 * Differential property: the columnar population path equals the interpreter, person by person and in totals,
 * on random populations (regions, dates, facts with missing values, earlier grants, several rulesets).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOverlay,
  evaluate,
  evaluatePopulation,
  fromEpochDay,
  MISSING_CODE,
  MISSING_INT,
  runWhatIf,
  SEED_RULESET,
  STATUS_CODES,
  toEpochDay,
} from '../index.ts';
import type {
  FactColumn,
  GrantLedgerRow,
  PopulationColumns,
  PriorGrantColumns,
  Ruleset,
  Scenario,
} from '../index.ts';

const REGIONS = ['140902001001', '141002001001', '140105001001', '110101001001'];
const DATES = [
  '2017-04-12',
  '2017-05-01',
  '2018-03-01',
  '2021-07-01',
  '2021-12-31',
  '2022-01-01',
  '2022-05-19',
  '2024-03-01',
  '2025-05-31',
  '2025-12-31',
  '2026-01-01',
];
/** Benefits whose limits or exclusions read the ledger: the property also draws earlier grants for them. */
const LEDGER_BENEFITS = [
  'cross_province_transport',
  'in_province_transport',
  'labor_export_social_insurance',
  'on_the_job_training',
  'absorption_subsidy',
  'employer_social_insurance',
  'absorption_reward',
];

function overlay(
  ruleset: Ruleset,
  id: string,
  values: Parameters<typeof applyOverlay>[1]['values'],
): Ruleset {
  const outcome = applyOverlay(ruleset, { id, label: id, values });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.ruleset;
}

const RULESETS: Ruleset[] = [
  SEED_RULESET,
  overlay(SEED_RULESET, 'all-set', [
    { parameter: 'provincial_average_wage.monthly', jurisdiction: '14', from: '2017-01-01', value: 700000 },
    {
      parameter: 'employer_social_insurance.share',
      jurisdiction: '*',
      from: '2016-01-01',
      value: { numerator: 1, denominator: 2 },
    },
    {
      parameter: 'welfare_post.monthly_subsidy',
      jurisdiction: '14',
      from: '2021-07-01',
      to: '2025-12-31',
      value: 50000,
    },
    {
      parameter: 'entrepreneurship_tax.annual_limit',
      jurisdiction: '1409',
      from: '2022-05-19',
      value: 1440000,
    },
    { parameter: 'training_subsidy.max_per_person', jurisdiction: '1409', from: '2024-01-01', value: 500000 },
    { parameter: 'cross_province_transport.amount', jurisdiction: '*', from: '2026-01-01', value: 100000 },
  ]),
];

type Person = {
  region: number;
  facts: Record<string, number | undefined>;
  usage: Record<string, [number, number, number, number]>;
};

const INTEGER_RANGES: Record<string, [number, number]> = {
  trainingDays: [0, 45],
  absorbedAlleviatedCount: [0, 60],
  servedPersonCount: [0, 5],
  courseTraineeCount: [0, 5],
  courseEmployedCount: [0, 5],
  contractMonths: [0, 24],
  contributionBaseFen: [279990, 280010],
  actualContributionFen: [0, 200003],
  contributionMonths: [0, 14],
  employerContributionFen: [0, 500000],
  stableEmploymentMonths: [0, 12],
  onTheJobTrainingMonths: [0, 8],
  welfarePostContractMonths: [6, 14],
  welfarePostMonths: [0, 12],
};

/** Values on and beside the seeds' thresholds, drawn half of the time. */
const BOUNDARIES: Record<string, number[]> = {
  trainingDays: [10, 11, 40, 41, 45],
  absorbedAlleviatedCount: [19, 20, 49, 50],
  stableEmploymentMonths: [5, 6],
  contractMonths: [11, 12],
  contributionMonths: [6, 12],
  onTheJobTrainingMonths: [3, 6, 7],
};

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 12 });

/** Facts biased toward the conditions' boundaries: mostly-true flags, dates near the as-of date. */
function personArbitrary(ruleset: Ruleset, asOf: string): fc.Arbitrary<Person> {
  const asOfDay = toEpochDay(asOf);
  const facts: Record<string, fc.Arbitrary<number | undefined>> = {};
  for (const fact of ruleset.facts) {
    if (fact.type === 'boolean')
      facts[fact.name] = optional(fc.integer({ min: 0, max: 5 }).map((n) => (n === 0 ? 0 : 1)));
    else if (fact.type === 'enum')
      facts[fact.name] = optional(fc.integer({ min: 0, max: (fact.values?.length ?? 1) - 1 }));
    else if (fact.type === 'date')
      facts[fact.name] = optional(fc.integer({ min: asOfDay - 1200, max: asOfDay + 20 }));
    else {
      const [min, max] = INTEGER_RANGES[fact.name] ?? [0, 60];
      const boundaries = BOUNDARIES[fact.name];
      facts[fact.name] = optional(
        boundaries
          ? fc.oneof(fc.integer({ min, max }), fc.constantFrom(...boundaries))
          : fc.integer({ min, max }),
      );
    }
  }
  const usageEntry = fc
    .tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([countYear, countEarlier, monthsYear, monthsEarlier]): [number, number, number, number] => [
      countYear,
      countEarlier,
      countYear > 0 ? monthsYear : 0,
      countEarlier > 0 ? monthsEarlier : 0,
    ]);
  const usage: Record<string, fc.Arbitrary<[number, number, number, number]>> = {};
  for (const id of LEDGER_BENEFITS) {
    usage[id] = fc.oneof(
      { arbitrary: fc.constant<[number, number, number, number]>([0, 0, 0, 0]), weight: 2 },
      { arbitrary: usageEntry, weight: 1 },
    );
  }
  return fc.record({
    region: fc.integer({ min: 0, max: REGIONS.length - 1 }),
    facts: fc.record(facts),
    usage: fc.record(usage),
  });
}

function toColumns(ruleset: Ruleset, people: Person[]): PopulationColumns {
  const facts: Record<string, FactColumn> = {};
  for (const fact of ruleset.facts) {
    if (fact.type === 'boolean' || fact.type === 'enum') {
      facts[fact.name] = Uint8Array.from(people.map((p) => p.facts[fact.name] ?? MISSING_CODE));
    } else if (fact.name === 'actualContributionFen') {
      // exercise the Float64 encoding too
      facts[fact.name] = Float64Array.from(people.map((p) => p.facts[fact.name] ?? Number.NaN));
    } else {
      facts[fact.name] = Int32Array.from(people.map((p) => p.facts[fact.name] ?? MISSING_INT));
    }
  }
  const priorGrants: Record<string, PriorGrantColumns> = {};
  for (const id of LEDGER_BENEFITS) {
    priorGrants[id] = {
      countThisYear: Int32Array.from(people.map((p) => p.usage[id]?.[0] ?? 0)),
      countEarlier: Int32Array.from(people.map((p) => p.usage[id]?.[1] ?? 0)),
      monthsThisYear: Int32Array.from(people.map((p) => p.usage[id]?.[2] ?? 0)),
      monthsEarlier: Int32Array.from(people.map((p) => p.usage[id]?.[3] ?? 0)),
    };
  }
  return {
    size: people.length,
    regionCodes: REGIONS,
    regionIndex: Uint8Array.from(people.map((p) => p.region)),
    facts,
    priorGrants,
  };
}

/** The same person as an interpreter scenario: decoded facts and ledger rows equivalent to the usage columns. */
function toScenario(ruleset: Ruleset, person: Person, benefitId: string, asOf: string): Scenario {
  const benefit = ruleset.index.benefits.get(benefitId);
  if (!benefit) throw new Error(benefitId);
  const facts: Record<string, boolean | number | string> = {};
  for (const fact of ruleset.facts) {
    const raw = person.facts[fact.name];
    if (raw === undefined) continue;
    facts[fact.name] =
      fact.type === 'boolean'
        ? raw === 1
        : fact.type === 'enum'
          ? (fact.values?.[raw] ?? '')
          : fact.type === 'date'
            ? fromEpochDay(raw)
            : raw;
  }
  const subjectId = benefit.subjectKind === 'person' ? 'P' : 'S';
  const year = Number(asOf.slice(0, 4));
  const grants: GrantLedgerRow[] = [];
  for (const id of LEDGER_BENEFITS) {
    const [countYear, countEarlier, monthsYear, monthsEarlier] = person.usage[id] ?? [0, 0, 0, 0];
    const rows = (count: number, months: number, periodStart: string): void => {
      for (let k = 0; k < count; k++) {
        grants.push({
          id: `${id}-${periodStart}-${k}`,
          benefitId: id,
          subjectKind: benefit.subjectKind,
          subjectId,
          personId: 'P',
          periodStart,
          amountFen: 0,
          months: k === 0 ? months : 0,
          decidedOn: periodStart,
        });
      }
    };
    rows(countYear, monthsYear, `${year}-01-01`);
    rows(countEarlier, monthsEarlier, `${year - 1}-06-01`);
  }
  return {
    subject: { kind: benefit.subjectKind, id: subjectId, personId: 'P', facts },
    asOf,
    regionCode: REGIONS[person.region] ?? '',
    grants,
    benefitIds: [benefitId],
  };
}

describe('columnar what-if path equals the interpreter', () => {
  it('person by person and in totals, on random populations', () => {
    const arbitrary = fc.integer({ min: 0, max: RULESETS.length - 1 }).chain((r) =>
      fc.record({
        rulesetIndex: fc.constant(r),
        asOfAndPeople: fc
          .constantFrom(...DATES)
          .chain((asOf) =>
            fc.tuple(
              fc.constant(asOf),
              fc.array(personArbitrary(RULESETS[r] as Ruleset, asOf), { minLength: 1, maxLength: 12 }),
            ),
          ),
      }),
    );
    fc.assert(
      fc.property(arbitrary, ({ rulesetIndex, asOfAndPeople: [asOf, people] }) => {
        const ruleset = RULESETS[rulesetIndex] as Ruleset;
        const columnar = evaluatePopulation(ruleset, toColumns(ruleset, people), {
          asOf,
          keepPerPerson: true,
        });
        expect(columnar.rulesetVersion).toBe(ruleset.version);
        for (const totals of columnar.benefits) {
          let recipients = 0;
          let totalFen = 0;
          people.forEach((person, i) => {
            const result = evaluate(toScenario(ruleset, person, totals.benefitId, asOf), { ruleset })
              .results[0];
            if (!result) throw new Error('no result');
            const status = STATUS_CODES[totals.perPerson?.status[i] ?? 0];
            const amount = totals.perPerson?.amountFen[i] ?? Number.NaN;
            expect({
              benefit: totals.benefitId,
              i,
              status,
              amount: Number.isNaN(amount) ? null : amount,
            }).toEqual({
              benefit: totals.benefitId,
              i,
              status: result.status,
              amount: result.status === 'eligible' ? result.amountFen : null,
            });
            if (result.status === 'eligible') {
              recipients += 1;
              totalFen += result.amountFen ?? 0;
            }
          });
          expect(totals.recipients).toBe(recipients);
          expect(totals.totalFen).toBe(totalFen);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('covers every person-level benefit', () => {
    const result = evaluatePopulation(SEED_RULESET, toColumns(SEED_RULESET, []), { asOf: '2024-03-01' });
    expect(result.benefits.map((b) => b.benefitId).sort()).toEqual(
      SEED_RULESET.benefits
        .filter((b) => b.unit === 'person')
        .map((b) => b.id)
        .sort(),
    );
  });
});

describe('what-if over a population', () => {
  const person = (region: number, departure: string, trainingDays: number): Person => ({
    region,
    facts: {
      isAlleviated: 1,
      workArea: 3,
      departureDate: toEpochDay(departure),
      trainingDays,
      courseTraineeCount: 10,
      courseEmployedCount: 8,
    },
    usage: {},
  });
  const people = [
    person(0, '2026-02-01', 50),
    person(1, '2026-02-01', 5),
    person(2, '2026-03-01', 0),
    person(3, '2026-03-01', 50),
    person(0, '2025-12-01', 45),
  ];

  it('cross-province transport at 1000元 from 2026-01-01 and training cap 5000元: totals by benefit and region', () => {
    const outcome = runWhatIf(
      SEED_RULESET,
      {
        id: 'whatif-2026',
        label: '2026年交通补助1000元、培训上限5000元',
        values: [
          {
            parameter: 'cross_province_transport.amount',
            jurisdiction: '*',
            from: '2026-01-01',
            value: 100000,
          },
          {
            parameter: 'training_subsidy.max_per_person',
            jurisdiction: '1409',
            from: '2026-01-01',
            value: 500000,
          },
        ],
      },
      toColumns(SEED_RULESET, people),
      { asOf: '2026-03-15', benefitIds: ['cross_province_transport', 'training_subsidy'] },
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const { baseline, scenario, delta } = outcome.comparison;
    const transport = (e: typeof baseline) =>
      e.benefits.find((b) => b.benefitId === 'cross_province_transport');
    // 3 people departed in 2026 inside Shanxi (忻州, 临汾, 太原); 北京 is outside; the 2025 departure is not 当年.
    expect(transport(baseline)?.recipients).toBe(3);
    expect(transport(baseline)?.totalFen).toBe(240000);
    expect(transport(scenario)?.totalFen).toBe(300000);
    expect(transport(scenario)?.byRegion.find((r) => r.regionCode === '110101001001')?.statusCounts).toEqual({
      outside_jurisdiction: 1,
    });
    const training = delta.find((d) => d.benefitId === 'training_subsidy');
    // 忻州: 50 days 4000 → 5000元, 45 days 4000 → 4500元; 临汾/太原/北京 fall under 004 "按规定" (unset).
    expect(training?.totalFen).toBe(150000);
    expect(training?.byRegion.find((r) => r.regionCode === '140902001001')?.totalFen).toBe(150000);
    expect(training?.recipients).toBe(0);
  });
});
