import { Space, Tag, Tooltip, Typography } from 'antd';
import type { LibraryParameterValue } from './policy.api.ts';
import {
  documentShortName,
  formatCitation,
  JURISDICTION_COLORS,
  jurisdictionName,
  whoMustSet,
} from './policy-format.ts';
import type { PolicyCitationDto } from '@jiuye/contracts';

/** Small pieces shared by the policy pages. */

export function JurisdictionTag({ code }: { code: string }) {
  return <Tag color={JURISDICTION_COLORS[code]}>{jurisdictionName(code)}</Tag>;
}

/** The short citation, with the full title and the words quoted on hover. */
export function CitationText({ citation }: { citation: PolicyCitationDto | null | undefined }) {
  if (!citation) return <span>—</span>;
  return (
    <Tooltip
      title={
        <div>
          <div>{formatCitation(citation)}</div>
          <div>发文机关：{citation.issuer}</div>
          {citation.quote && <div>原文：“{citation.quote}”</div>}
        </div>
      }
    >
      <span className="policy-citation">
        {documentShortName(citation)} {citation.article}
        {citation.clause ?? ''}
      </span>
    </Tooltip>
  );
}

/** A parameter value, or 未设定 with who has to set it. */
export function ParameterValueText({ value }: { value: LibraryParameterValue }) {
  if (value.value === null) {
    return (
      <Space orientation="vertical" size={0}>
        <span>
          <Tag color="warning">未设定</Tag>
          <Typography.Text type="secondary">{whoMustSet(value.note, value.jurisdiction)}</Typography.Text>
        </span>
        {value.note && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {value.note}
          </Typography.Text>
        )}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text strong>{value.display}</Typography.Text>
      {value.note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {value.note}
        </Typography.Text>
      )}
    </Space>
  );
}
