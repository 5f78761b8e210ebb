import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { App, Form } from 'antd';
import { errorMessage } from '../../../shared/api/client.ts';
import {
  ListTable,
  RegionListPage,
  SearchPanel,
  useColumnChooser,
  useListRegion,
  useListState,
} from '../../../shared/layout/list-page.tsx';
import { useCan } from '../../../app/session.tsx';
import { ImportLaborersButton } from '../import/import-laborers-button.tsx';
import {
  laborerQuery,
  useLaborers,
  type LaborerDetailDto,
  type LaborerFilter,
  type LaborerListItemDto,
} from '../shared/registry.api.ts';
import { LaborerFormDrawer } from './laborer-form-drawer.tsx';
import { DEFAULT_SORT, sortAfter, useLaborerColumns, type LaborerSort } from './laborer-columns.tsx';
import { laborerSearchOf, LaborerSearchFields, type LaborerSearchValues } from './laborer-search-fields.tsx';
import { LaborerExportButton } from './laborer-export.tsx';

/** 劳动力台账: the labourers of the selected region, searched by every field of the paper ledger. */
export default function LaborerListPage() {
  const navigate = useNavigate();
  const can = useCan();
  const canWrite = can('registry:write');
  const { message } = App.useApp();
  const listState = useListState<LaborerFilter>({});
  const region = useListRegion(listState.toFirstPage);
  const { regionCode } = region;
  const [sort, setSort] = useState<LaborerSort>(DEFAULT_SORT);
  const [creating, setCreating] = useState(false);
  // The drawer keeps the last labourer while it closes, so that its title does not flip to 新增.
  const [editing, setEditing] = useState<{ open: boolean; laborer?: LaborerDetailDto }>({ open: false });
  const [loadingId, setLoadingId] = useState<number>();
  const queryClient = useQueryClient();
  const openEdit = async (id: number) => {
    setLoadingId(id);
    try {
      const laborer = await queryClient.fetchQuery(laborerQuery(id));
      setEditing({ open: true, laborer });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setLoadingId(undefined);
    }
  };
  const [form] = Form.useForm<LaborerSearchValues>();

  const filter: LaborerFilter = { regionCode, ...listState.search };
  const list = useLaborers({ ...filter, ...listState.paging, ...sort }, Boolean(regionCode));

  const columns = useLaborerColumns({
    sort,
    canWrite,
    loadingId,
    onEdit: (id) => void openEdit(id),
  });
  const columnChooser = useColumnChooser('registry.laborers', columns, [
    'phone',
    'relationToHead',
    'health',
    'trainingWillingness',
    'intendedOccupation',
    'updatedAt',
  ]);

  return (
    <RegionListPage region={region}>
      <SearchPanel<LaborerSearchValues>
        name="laborerSearch"
        form={form}
        state={listState}
        onSearch={(values) => listState.setSearch(laborerSearchOf(values))}
      >
        <LaborerSearchFields />
      </SearchPanel>
      <ListTable<LaborerListItemDto>
        onCreate={canWrite ? () => setCreating(true) : undefined}
        actions={
          <>
            <ImportLaborersButton onImported={() => void list.refetch()} />
            <LaborerExportButton filter={filter} />
          </>
        }
        regionCode={regionCode}
        query={list}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无劳动力"
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          setSort((current) => sortAfter(sorter, current));
          listState.toFirstPage();
        }}
      />
      <LaborerFormDrawer
        open={creating}
        defaultRegionCode={regionCode}
        onClose={() => setCreating(false)}
        onSaved={(saved) => navigate(`/registry/laborers/${saved.id}`)}
      />
      <LaborerFormDrawer
        open={editing.open}
        laborer={editing.laborer}
        onClose={() => setEditing((previous) => ({ ...previous, open: false }))}
      />
    </RegionListPage>
  );
}
