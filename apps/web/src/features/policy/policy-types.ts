import type { POLICY_SUBJECT_KINDS, PolicyLibraryDto } from '@jiuye/contracts';

export type PolicySubjectKind = (typeof POLICY_SUBJECT_KINDS)[number];
export type PolicyCitationDto = PolicyLibraryDto['parameters'][number]['values'][number]['citation'];
