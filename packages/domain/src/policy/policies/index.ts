/** The seed documents assembled into the default ruleset. */
import { DEFAULT_JURISDICTIONS } from '../engine/jurisdiction.ts';
import { buildRuleset } from '../engine/ruleset.ts';
import type { Ruleset, RulesetData } from '../engine/types.ts';
import { BENEFITS, FACTS, PARAMETERS } from './catalogue.ts';
import * as jin2017 from './jin-zheng-ban-fa-2017-29.ts';
import * as lin2017 from './lin-zheng-ban-fa-2017-52.ts';
import * as rsb2016 from './ren-she-bu-fa-2016-119.ts';
import * as shanxi2021 from './shanxi-2021-employment-assistance.ts';
import * as xinzhou2022 from './xinzhou-2022.ts';

const DOCUMENT_MODULES = [rsb2016, jin2017, lin2017, shanxi2021, xinzhou2022] as const;

export const SEED_RULESET_DATA: RulesetData = {
  jurisdictions: DEFAULT_JURISDICTIONS,
  documents: DOCUMENT_MODULES.map((m) => m.DOCUMENT),
  facts: FACTS,
  parameters: PARAMETERS,
  values: DOCUMENT_MODULES.flatMap((m) => m.VALUES),
  benefits: BENEFITS,
  cases: DOCUMENT_MODULES.flatMap((m) => m.CASES),
};

function buildSeedRuleset(): Ruleset {
  const outcome = buildRuleset(SEED_RULESET_DATA);
  if (!outcome.ok) {
    // A programming error in the policy files: fail at import, listing every problem.
    throw new Error(
      `seed ruleset is invalid:\n${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`,
    );
  }
  return outcome.ruleset;
}

export const SEED_RULESET: Ruleset = buildSeedRuleset();
