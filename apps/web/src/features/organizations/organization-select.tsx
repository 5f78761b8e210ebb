import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ORGANIZATION_KIND_LABELS } from '@jiuye/contracts/organizations.ts';
import { api, type Page } from '../../shared/api/client.ts';
import type { Organization } from './organization.api.ts';

/** Chooses an active organisation within the user's view scope, searched by name. */
export function OrganizationSelect({
  value,
  onChange,
  excludeId,
  placeholder = '输入名称搜索机构',
  id,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  excludeId?: number;
  placeholder?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  // Options are fetched once the list is first opened, not when a form holding the select renders.
  const [wanted, setWanted] = useState(false);
  const list = useQuery({
    queryKey: ['organizations', 'options', search],
    queryFn: () =>
      api.get<Page<Organization>>('/organizations', {
        name: search || undefined,
        isActive: 'true',
        pageSize: 50,
      }),
    staleTime: 30_000,
    enabled: wanted,
  });
  const current = useQuery({
    queryKey: ['organizations', 'one', value],
    queryFn: () => api.get<Organization>(`/organizations/${value}`),
    enabled: typeof value === 'number',
    staleTime: 300_000,
  });
  const items = [...(list.data?.items ?? [])];
  if (current.data && !items.some((item) => item.id === current.data.id)) items.unshift(current.data);

  return (
    <Select<number | null>
      id={id}
      allowClear
      placeholder={placeholder}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      loading={list.isFetching}
      onOpenChange={(open) => open && setWanted(true)}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={list.isFetching ? '加载中…' : '没有匹配的机构'}
      options={items
        .filter((item) => item.id !== excludeId)
        .map((item) => ({
          value: item.id,
          label: `${item.name}（${item.regionName ?? item.regionCode} · ${ORGANIZATION_KIND_LABELS[item.kind]}）`,
        }))}
    />
  );
}
