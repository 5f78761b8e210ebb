import { useState } from 'react';
import { Select } from 'antd';
import { useHousehold, useHouseholds } from './registry.api.ts';

/** Chooses a household (户) of one village, searched by 户编号; the label names the head. */
export function HouseholdSelect({
  value,
  onChange,
  regionCode,
  placeholder = '输入户编号搜索',
  id,
  disabled,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** The village whose households are offered; without it nothing can be chosen. */
  regionCode?: string | null;
  placeholder?: string;
  id?: string;
  disabled?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [wanted, setWanted] = useState(false);
  const list = useHouseholds(
    { regionCode: regionCode ?? undefined, householdNumber: search.trim() || undefined, pageSize: 50 },
    wanted && Boolean(regionCode),
  );
  const current = useHousehold(value);
  const items = [...(list.data?.items ?? [])];
  if (current.data && !items.some((item) => item.id === current.data.id)) items.unshift(current.data);

  return (
    <Select<number | null>
      id={id}
      allowClear
      disabled={disabled || !regionCode}
      placeholder={regionCode ? placeholder : '请先选择户籍地（村）'}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      onOpenChange={(open) => open && setWanted(true)}
      loading={list.isFetching}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      notFoundContent={list.isFetching ? '加载中…' : '该村没有匹配的户'}
      options={items.map((item) => ({
        value: item.id,
        label: `${item.householdNumber}${item.headName ? `（户主：${item.headName}）` : ''}`,
      }))}
    />
  );
}
