import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Breadcrumb, Button, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  PoweroffOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { LogoutAllResult } from '@jiuye/contracts';
import { isRole, ROLE_LABELS } from '@jiuye/domain/auth/roles.ts';
import { api, errorMessage } from '../shared/api/client.ts';
import { RegionPicker } from '../shared/region/region-picker.tsx';
import { findMenuPath, menuFor, type MenuEntry } from './menu.tsx';
import { RegionProvider, useWorkingRegion } from './region-context.tsx';
import { clearSession, useCan, useCurrentUser } from './session.tsx';

const { Header, Sider, Content } = Layout;

function toItems(entries: MenuEntry[]): NonNullable<MenuProps['items']> {
  return entries.map((entry) =>
    entry.children
      ? { key: entry.key, icon: entry.icon, label: entry.label, children: toItems(entry.children) }
      : { key: entry.key, icon: entry.icon, label: entry.label },
  );
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

function RegionSwitcher() {
  const { regionCode, setRegionCode, viewScope } = useWorkingRegion();
  return (
    <Space size={6} className="region-switcher">
      <Typography.Text type="secondary">当前区划</Typography.Text>
      <RegionPicker
        aria-label="当前区划"
        value={regionCode}
        scope={viewScope}
        allowClear={false}
        onChange={(code) => typeof code === 'string' && setRegionCode(code)}
        style={{ width: 220 }}
      />
    </Space>
  );
}

function UserMenu() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();

  const leave = async (path: '/auth/logout' | '/auth/logout-all') => {
    try {
      const answer = await api.post<Partial<LogoutAllResult>>(path);
      if (path === '/auth/logout-all') message.success(`已退出全部 ${answer.sessions ?? ''} 个会话`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      clearSession(queryClient);
      void navigate('/login', { replace: true });
    }
  };

  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
    { key: 'logout-all', icon: <PoweroffOutlined />, label: '退出全部会话' },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') void navigate('/change-password');
    if (key === 'logout') void leave('/auth/logout');
    if (key === 'logout-all') {
      modal.confirm({
        title: '退出全部会话',
        content: '将退出您在所有浏览器和设备上的登录，包括当前页面。是否继续？',
        okText: '全部退出',
        cancelText: '取消',
        onOk: () => leave('/auth/logout-all'),
      });
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" className="user-menu" aria-label="用户菜单">
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
        <span className="user-name">{user.displayName}</span>
        {user.roles.map((role) => (
          <Tag key={role} color="blue" variant="outlined" style={{ marginInlineEnd: 0 }}>
            {roleLabel(role)}
          </Tag>
        ))}
      </Button>
    </Dropdown>
  );
}

/** The authenticated shell: menu by permission, header with the region switcher and the user, then the page. */
export default function AdminLayout() {
  const [collapsed, setCollapsed] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const can = useCan();
  const menu = menuFor(can);
  const trail = findMenuPath(location.pathname);
  const selected = trail.at(-1)?.key ?? location.pathname;
  const [openKeys, setOpenKeys] = useState<string[]>(() => trail.filter((e) => e.children).map((e) => e.key));

  return (
    <RegionProvider>
      <Layout className="admin-layout">
        <Sider collapsible collapsed={collapsed} trigger={null} width={220} theme="dark">
          <div className="brand" title="就业帮扶信息平台">
            <span className="brand-mark">就</span>
            {!collapsed && <span className="brand-name">就业帮扶信息平台</span>}
          </div>
          <nav aria-label="主菜单">
            <Menu
              theme="dark"
              mode="inline"
              items={toItems(menu)}
              selectedKeys={[selected]}
              openKeys={collapsed ? undefined : openKeys}
              onOpenChange={(keys) => setOpenKeys(keys)}
              onClick={({ key }) => navigate(key)}
            />
          </nav>
        </Sider>
        <Layout>
          <Header className="admin-header">
            <Space size={12}>
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
                aria-label={collapsed ? '展开菜单' : '收起菜单'}
              />
              <Breadcrumb
                items={[
                  { title: '首页' },
                  ...trail.filter((e) => e.key !== '/').map((e) => ({ title: e.label })),
                ]}
              />
            </Space>
            <Space size={16}>
              <RegionSwitcher />
              <UserMenu />
            </Space>
          </Header>
          <Content className="admin-content">
            <Outlet />
          </Content>
        </Layout>
      </Layout>
    </RegionProvider>
  );
}
