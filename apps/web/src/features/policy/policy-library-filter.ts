import type { PolicyCitationDto } from '@jiuye/contracts';

/** The library page's filter, shared by its tabs: a search text, a document, a jurisdiction. */
export interface LibraryFilter {
  text: string;
  documentId?: string;
  jurisdiction?: string;
}

/** Whether any of the fields holds the (lower-case) text. */
export const includesText = (text: string, ...fields: Array<string | null | undefined>) =>
  fields.some((field) => field?.toLowerCase().includes(text));

export const citationMatches = (citation: PolicyCitationDto, text: string) =>
  includesText(
    text,
    citation.documentNumber,
    citation.title,
    citation.issuer,
    citation.article,
    citation.quote,
  );
