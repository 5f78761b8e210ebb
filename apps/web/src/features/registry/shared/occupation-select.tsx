import { useState } from 'react';
import { Select, Tag, Tooltip } from 'antd';
import { useQueries } from '@tanstack/react-query';
import type { OccupationListDto } from '@jiuye/contracts';
import { api } from '../../../shared/api/client.ts';
import { registryKeys, useOccupation, useOccupations, type OccupationDto } from './registry.api.ts';

const LEVEL_LABELS: Record<number, string> = { 1: '大类', 2: '中类', 3: '小类', 4: '职业' };

function optionOf(item: OccupationDto) {
  return {
    value: item.code,
    label: `${item.code} ${item.name}`,
    title: `${item.code} ${item.name}（${LEVEL_LABELS[item.level] ?? ''}）`,
  };
}

/**
 * Chooses a code of the 2022 国家职业分类大典 (GET /api/occupations): typing searches the names and code beginnings;
 * with nothing typed, the 大类 are offered. A class (…-00) may be chosen where the caller allows it, e.g. as a filter.
 */
export function OccupationSelect({
  value,
  onChange,
  onlyOccupations = false,
  placeholder = '输入职业名称或代码搜索',
  style,
  id,
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Only level-4 codes (职业) may be chosen: a person's intended occupation or skill. */
  onlyOccupations?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'aria-label'?: string;
}) {
  const [search, setSearch] = useState('');
  const [wanted, setWanted] = useState(false);
  const q = search.trim();
  const list = useOccupations(q ? { q, limit: 50 } : {}, wanted);
  const current = useOccupation(value);
  const items = [...(list.data ?? [])];
  if (current.data && !items.some((item) => item.code === current.data?.code)) items.unshift(current.data);

  return (
    <Select<string>
      id={id}
      aria-label={ariaLabel}
      style={style}
      allowClear
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      onOpenChange={(open) => open && setWanted(true)}
      loading={list.isFetching}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={list.isFetching ? '加载中…' : '没有匹配的职业'}
      popupMatchSelectWidth={false}
      options={items.map((item) => ({
        ...optionOf(item),
        disabled: onlyOccupations && item.level !== 4,
      }))}
      labelRender={({ value: code, label }) =>
        label ?? (code === current.data?.code ? optionOf(current.data).label : code)
      }
    />
  );
}

/** An occupation code as `6-18-02-04 汽车修理工`, with green / digital marks. */
export function OccupationLabel({ code }: { code: string | null | undefined }) {
  const { data } = useOccupation(code);
  if (!code) return <span>—</span>;
  if (!data) return <span>{code}</span>;
  return (
    <span>
      {data.name}
      <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 4 }}>{code}</span>
      {data.isGreen && (
        <Tooltip title="绿色职业">
          <Tag color="green" style={{ marginInlineStart: 4 }}>
            L
          </Tag>
        </Tooltip>
      )}
      {data.isDigital && (
        <Tooltip title="数字职业">
          <Tag color="blue" style={{ marginInlineStart: 4 }}>
            S
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}

/** Several 大典 codes (a person's skills): search as in OccupationSelect; only level-4 codes may be chosen. */
export function OccupationMultiSelect({
  value,
  onChange,
  placeholder = '输入职业名称或代码搜索，可多选',
  id,
}: {
  value?: string[] | null;
  onChange?: (value: string[]) => void;
  placeholder?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const [wanted, setWanted] = useState(false);
  const q = search.trim();
  const list = useOccupations(q ? { q, limit: 50 } : {}, wanted);
  const codes = value ?? [];
  const chosen = useQueries({
    queries: codes.map((code) => ({
      queryKey: registryKeys.occupations({ q: code, limit: 20 }),
      queryFn: async () => (await api.get<OccupationListDto>('/occupations', { q: code, limit: 20 })).items,
      staleTime: 3_600_000,
    })),
  });
  const names = new Map<string, string>();
  chosen.forEach((result, index) => {
    const found = result.data?.find((item) => item.code === codes[index]);
    if (found) names.set(found.code, `${found.code} ${found.name}`);
  });
  const items = list.data ?? [];

  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      allowClear
      placeholder={placeholder}
      value={codes}
      onChange={(next) => {
        setSearch('');
        onChange?.(next);
      }}
      onOpenChange={(open) => open && setWanted(true)}
      loading={list.isFetching}
      showSearch={{ onSearch: setSearch, filterOption: false, searchValue: search }}
      notFoundContent={list.isFetching ? '加载中…' : '没有匹配的职业'}
      popupMatchSelectWidth={false}
      options={items.map((item) => ({ ...optionOf(item), disabled: item.level !== 4 }))}
      labelRender={({ value: code, label }) => names.get(String(code)) ?? label ?? code}
    />
  );
}
