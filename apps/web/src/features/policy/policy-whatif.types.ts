import type { PolicyWhatIfInput, PolicyWhatIfJobDto, PolicyWhatIfResultDto } from '@jiuye/contracts';

/** The what-if API (POST /api/policy/whatif, GET /api/policy/whatif/:jobId), as the contracts define it. */
export type WhatIfStartInput = PolicyWhatIfInput;
export type WhatIfJob = PolicyWhatIfJobDto;
export type WhatIfResult = PolicyWhatIfResultDto;
export type WhatIfBenefit = WhatIfResult['benefits'][number];
