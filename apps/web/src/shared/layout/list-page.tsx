import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, Flex, Form, Popover, Space, Tooltip, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined, SearchOutlined, SettingOutlined, UndoOutlined } from '@ant-design/icons';

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

/** The search form on top of a list: inline fields, then 搜索 and 重置. */
export function SearchPanel<T>({
  name,
  form,
  onSearch,
  onReset,
  children,
  hidden,
}: {
  /** Prefixes the field ids, which must not clash with a dialog's form on the same page. */
  name: string;
  form: FormInstance<T>;
  onSearch: (values: T) => void;
  onReset: () => void;
  children: ReactNode;
  hidden?: boolean;
}) {
  return (
    <Card size="small" className="search-panel" hidden={hidden}>
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
                onReset();
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

/** Column visibility for TableToolbar, remembered in the browser per table. */
export function useColumnChooser<T>(
  storageKey: string,
  columns: ColumnsType<T>,
  defaultHidden: string[] = [],
) {
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
  return {
    visible,
    toolbarProps: { columns: choices, hiddenColumns: hidden, onHiddenColumnsChange: update },
  };
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
