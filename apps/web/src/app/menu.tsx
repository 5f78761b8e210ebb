import type { ReactNode } from 'react';
import {
  AuditOutlined,
  EnvironmentOutlined,
  CalculatorOutlined,
  HomeOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@jiuye/domain/auth/roles.ts';

export interface MenuEntry {
  key: string;
  label: string;
  icon?: ReactNode;
  permission?: Permission;
  children?: MenuEntry[];
}

/** The left menu; an entry shows only to users holding its permission, a group only when it has entries left. */
export const MENU: MenuEntry[] = [
  { key: '/', label: '工作台', icon: <HomeOutlined /> },
  {
    key: 'registry',
    label: '实名制台账',
    icon: <TeamOutlined />,
    children: [
      { key: '/registry/laborers', label: '劳动力台账', permission: 'registry:read' },
      { key: '/registry/households', label: '农户台账', permission: 'registry:read' },
      { key: '/registry/transfers', label: '跨区划转移', permission: 'registry:read' },
    ],
  },
  {
    key: 'policy',
    label: '政策与补贴',
    icon: <CalculatorOutlined />,
    children: [
      { key: '/policy/library', label: '政策库', permission: 'policy:read' },
      { key: '/policy/evaluate', label: '补贴测算', permission: 'policy:read' },
      { key: '/policy/whatif', label: '政策调整模拟', permission: 'policy:read' },
      { key: '/policy/grants', label: '发放台账', permission: 'policy:read' },
    ],
  },
  {
    key: 'system',
    label: '系统管理',
    icon: <SettingOutlined />,
    children: [
      { key: '/system/organizations', label: '机构管理', permission: 'organization:read' },
      { key: '/system/users', label: '用户管理', permission: 'user:read' },
    ],
  },
  {
    key: 'audit',
    label: '安全审计',
    icon: <AuditOutlined />,
    children: [
      { key: '/audit/operations', label: '操作日志', permission: 'audit:read' },
      { key: '/audit/logins', label: '登录日志', permission: 'audit:read' },
      { key: '/audit/sensitive-reads', label: '敏感信息查看日志', permission: 'audit:read' },
    ],
  },
  { key: '/regions', label: '区划查询', icon: <EnvironmentOutlined />, permission: 'region:read' },
];

export function menuFor(can: (permission: Permission) => boolean, entries: MenuEntry[] = MENU): MenuEntry[] {
  return entries.flatMap((entry) => {
    if (entry.permission && !can(entry.permission)) return [];
    if (!entry.children) return [entry];
    const children = menuFor(can, entry.children);
    return children.length > 0 ? [{ ...entry, children }] : [];
  });
}

/** Menu path of a location: the group and the entry, for the selected item and the breadcrumb. */
export function findMenuPath(pathname: string, entries: MenuEntry[] = MENU): MenuEntry[] {
  for (const entry of entries) {
    if (entry.children) {
      const inner = findMenuPath(pathname, entry.children);
      if (inner.length > 0) return [entry, ...inner];
    } else if (entry.key === pathname || (entry.key !== '/' && pathname.startsWith(`${entry.key}/`))) {
      return [entry];
    }
  }
  return [];
}
