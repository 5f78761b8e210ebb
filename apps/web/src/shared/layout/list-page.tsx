import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Popover,
  Space,
  Table,
  Tooltip,
  Typography,
  type FormInstance,
  type TableProps,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
  SettingOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorMessage, type Page } from '../api/client.ts';
import { RegionLabel } from '../region/region-label.tsx';
import { RegionTree } from '../region/region-tree.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';

/** The RuoYi-style list page: an optional side panel (the region tree) beside the search form and table. */
export function ListPage({
  side,
  sideTitle,
  children,
}: {
  side?: ReactNode;
  sideTitle?: string;
  children: ReactNode;
}) {
  if (!side) return <div className="list-page-main">{children}</div>;
  return (
    <div className="list-page">
      <Card className="list-page-side" size="small" title={sideTitle}>
        {side}
      </Card>
      <div className="list-page-main">{children}</div>
    </div>
  );
}

/** The region a list shows: the header's working region, or a region below it chosen in the tree. */
export interface ListRegion {
  regionCode: string;
  workingRegion: string;
  selectRegion: (code: string) => void;
}

/** Choosing another region, here or in the header's region switcher, starts the list again on page 1. */
export function useListRegion(toFirstPage: () => void): ListRegion {
  const { regionCode: workingRegion } = useWorkingRegion();
  const [regionCode, setRegionCode] = useState(workingRegion);
  // The header's region switcher moves the whole page to that region.
  useEffect(() => {
    setRegionCode(workingRegion);
    toFirstPage();
  }, [workingRegion, toFirstPage]);
  const selectRegion = (code: string) => {
    setRegionCode(code);
    toFirstPage();
  };
  return { regionCode, workingRegion, selectRegion };
}

/** A ListPage beside the tree of the working region's administrative divisions. */
export function RegionListPage({ region, children }: { region: ListRegion; children: ReactNode }) {
  return (
    <ListPage
      sideTitle="行政区划"
      side={
        <RegionTree
          rootCodes={region.workingRegion ? [region.workingRegion] : undefined}
          selectedCode={region.regionCode}
          onSelect={region.selectRegion}
        />
      }
    >
      {children}
    </ListPage>
  );
}

/** Page and page size of a list, as the page keeps them in its state. */
export interface Paging {
  page: number;
  pageSize: number;
}

/** What SearchPanel and ListTable read and change of a list page's state. */
export interface ListView {
  paging: Paging;
  setPaging: (paging: Paging) => void;
  isSearchShown: boolean;
  toggleSearch: () => void;
  /** Back to the first search, on page 1. */
  resetSearch: () => void;
}

/** useListState's answer: the search a list is filtered by, besides its ListView. */
export interface ListState<S> extends ListView {
  search: S;
  /** A new search starts again on page 1. */
  setSearch: (search: S) => void;
  toFirstPage: () => void;
}

/** The state of a list page: its search, the page shown, and whether the search form is shown. */
export function useListState<S>(initialSearch: S): ListState<S> {
  const [search, setSearch] = useState(initialSearch);
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: 20 });
  const [isSearchShown, setSearchShown] = useState(true);
  const toFirstPage = useCallback(() => setPaging((p) => ({ ...p, page: 1 })), []);
  return {
    search,
    setSearch: (next) => {
      setSearch(next);
      toFirstPage();
    },
    paging,
    setPaging,
    toFirstPage,
    isSearchShown,
    toggleSearch: () => setSearchShown(!isSearchShown),
    resetSearch: () => {
      setSearch(initialSearch);
      toFirstPage();
    },
  };
}

/** The search form on top of a list: inline fields, then 搜索 and 重置; the table's toolbar shows and hides it. */
export function SearchPanel<T>({
  name,
  form,
  state,
  onSearch,
  children,
}: {
  /** Prefixes the field ids, which must not clash with a dialog's form on the same page. */
  name: string;
  form: FormInstance<T>;
  /** useListState's state of the page. */
  state: ListView;
  onSearch: (values: T) => void;
  children: ReactNode;
}) {
  return (
    <Card size="small" className="search-panel" hidden={!state.isSearchShown}>
      <Form<T>
        name={name}
        form={form}
        layout="inline"
        onFinish={onSearch}
        className="search-form"
        aria-label="查询条件"
      >
        {children}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              搜索
            </Button>
            <Button
              icon={<UndoOutlined />}
              onClick={() => {
                form.resetFields();
                state.resetSearch();
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

export interface ColumnChoice {
  key: string;
  title: string;
}

/** The column chooser's part of TableToolbar, as useColumnChooser returns it. */
export interface ColumnChooserProps {
  columns: ColumnChoice[];
  hiddenColumns: string[];
  onHiddenColumnsChange: (hidden: string[]) => void;
}

/** Toolbar above a table: actions on the left; show/hide search, refresh and the column chooser on the right. */
export function TableToolbar({
  children,
  onRefresh,
  searchShown,
  onToggleSearch,
  columns,
  hiddenColumns,
  onHiddenColumnsChange,
}: {
  children?: ReactNode;
  onRefresh?: () => void;
  searchShown?: boolean;
  onToggleSearch?: () => void;
  columns?: ColumnChoice[];
  hiddenColumns?: string[];
  onHiddenColumnsChange?: (hidden: string[]) => void;
}) {
  return (
    <Flex justify="space-between" align="center" className="table-toolbar" wrap gap={8}>
      <Space wrap>{children}</Space>
      <Space size={4}>
        {onToggleSearch && (
          <Tooltip title={searchShown ? '隐藏搜索' : '显示搜索'}>
            <Button
              shape="circle"
              icon={<SearchOutlined />}
              onClick={onToggleSearch}
              aria-label={searchShown ? '隐藏搜索' : '显示搜索'}
            />
          </Tooltip>
        )}
        {onRefresh && (
          <Tooltip title="刷新">
            <Button shape="circle" icon={<ReloadOutlined />} onClick={onRefresh} aria-label="刷新" />
          </Tooltip>
        )}
        {columns && onHiddenColumnsChange && (
          <Popover
            trigger="click"
            placement="bottomRight"
            title="显示列"
            content={
              <Checkbox.Group
                className="column-chooser"
                value={columns.map((c) => c.key).filter((key) => !hiddenColumns?.includes(key))}
                options={columns.map((c) => ({ label: c.title, value: c.key }))}
                onChange={(shown) =>
                  onHiddenColumnsChange(columns.map((c) => c.key).filter((key) => !shown.includes(key)))
                }
              />
            }
          >
            <Tooltip title="显示列">
              <Button shape="circle" icon={<SettingOutlined />} aria-label="显示列" />
            </Tooltip>
          </Popover>
        )}
      </Space>
    </Flex>
  );
}

export interface ColumnChooser<T> {
  /** The columns the user has not hidden, in their order. */
  visible: ColumnsType<T>;
  toolbarProps: ColumnChooserProps;
}

/** Column visibility for TableToolbar, remembered in the browser per table. */
export function useColumnChooser<T>(
  storageKey: string,
  columns: ColumnsType<T>,
  defaultHidden: string[] = [],
): ColumnChooser<T> {
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const stored = localStorage.getItem(`jiuye.columns.${storageKey}`);
      return stored ? (JSON.parse(stored) as string[]) : defaultHidden;
    } catch {
      return defaultHidden;
    }
  });
  const choices: ColumnChoice[] = columns
    .filter((column) => column.key !== undefined && column.key !== 'actions')
    .map((column) => ({
      key: String(column.key),
      title: typeof column.title === 'string' ? column.title : '',
    }));
  const visible = columns.filter(
    (column) => column.key === undefined || !hidden.includes(String(column.key)),
  );
  const update = (next: string[]) => {
    setHidden(next);
    localStorage.setItem(`jiuye.columns.${storageKey}`, JSON.stringify(next));
  };
  const toolbarProps: ColumnChooserProps = {
    columns: choices,
    hiddenColumns: hidden,
    onHiddenColumnsChange: update,
  };
  return { visible, toolbarProps };
}

/** The width a table needs to show its visible columns (unsized ones count as 160 px); wider screens stretch it. */
export function tableWidth<T>(columns: ColumnsType<T>): number {
  return columns.reduce((sum, column) => sum + (typeof column.width === 'number' ? column.width : 160), 0);
}

/** Pagination of every list: page sizes, total, quick jumper. */
export function paginationOf(
  page: number,
  pageSize: number,
  total: number | undefined,
  onChange: (page: number, pageSize: number) => void,
) {
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    showQuickJumper: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (count: number) => `共 ${count} 条`,
    onChange,
  };
}

type ListTableProps<T> = Omit<
  TableProps<T>,
  'columns' | 'dataSource' | 'loading' | 'locale' | 'pagination' | 'rowKey' | 'scroll' | 'size'
> & {
  /** The list's query: its rows and total, whether it is loading, its error, and a reload. */
  query: Pick<UseQueryResult<Page<T>>, 'data' | 'isFetching' | 'isError' | 'error' | 'refetch'>;
  /** The columns with the visibility the user chose. */
  columnChooser: ColumnChooser<T>;
  rowKey: NonNullable<TableProps<T>['rowKey']>;
  /** Shown when there are no rows and no error. */
  emptyText: string;
  /** useListState's state of the page. */
  state: ListView;
  /** Shows 新增, first on the toolbar. */
  onCreate?: () => void;
  /** The page's other buttons and notes, after 新增. */
  actions?: ReactNode;
  /** The region listed, named last on the toolbar. */
  regionCode?: string;
};

/**
 * The table of a list page: a card with the toolbar above the query's rows, as wide as the visible columns and
 * paged with paginationOf; a failed load shows its message in place of the empty text. Other Table props
 * (onChange for sorting …) pass through.
 */
export function ListTable<T extends object>({
  query,
  columnChooser,
  emptyText,
  state,
  onCreate,
  actions,
  regionCode,
  ...tableProps
}: ListTableProps<T>) {
  const { visible, toolbarProps } = columnChooser;
  const { paging, setPaging } = state;
  return (
    <Card size="small">
      <TableToolbar
        onRefresh={() => void query.refetch()}
        searchShown={state.isSearchShown}
        onToggleSearch={state.toggleSearch}
        {...toolbarProps}
      >
        {onCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
            新增
          </Button>
        )}
        {actions}
        {regionCode !== undefined && (
          <Typography.Text type="secondary">
            区划：
            <RegionLabel code={regionCode} full />
          </Typography.Text>
        )}
      </TableToolbar>
      <Table<T>
        {...tableProps}
        size="middle"
        columns={visible}
        dataSource={query.data?.items}
        loading={query.isFetching}
        scroll={{ x: tableWidth(visible) }}
        locale={{ emptyText: query.isError ? errorMessage(query.error) : emptyText }}
        pagination={paginationOf(paging.page, paging.pageSize, query.data?.total, (page, pageSize) =>
          setPaging({ page, pageSize }),
        )}
      />
    </Card>
  );
}
