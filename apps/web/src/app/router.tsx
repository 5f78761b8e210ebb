import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import type { Permission } from '@jiuye/domain/auth/roles.ts';
import { errorMessage } from '../shared/api/client.ts';
import { useCan, useSession } from './session.tsx';

// The shell is lazy too: the login page does not need the menu, the tree select and the rest.
const AdminLayout = lazy(() => import('./admin-layout.tsx'));
const LoginPage = lazy(() => import('../features/auth/login-page.tsx'));
const ChangePasswordPage = lazy(() => import('../features/auth/change-password-page.tsx'));
const HomePage = lazy(() => import('../features/home/home-page.tsx'));
const OrganizationListPage = lazy(() => import('../features/organizations/organization-list-page.tsx'));
const UserListPage = lazy(() => import('../features/users/user-list-page.tsx'));
const AuditLogPage = lazy(() => import('../features/audit/audit-log-page.tsx'));
const RegionPage = lazy(() => import('../features/regions/region-page.tsx'));
const LaborerListPage = lazy(() => import('../features/registry/laborers/laborer-list-page.tsx'));
const LaborerDetailPage = lazy(() => import('../features/registry/laborers/laborer-detail-page.tsx'));
const HouseholdListPage = lazy(() => import('../features/registry/households/household-list-page.tsx'));
const HouseholdDetailPage = lazy(() => import('../features/registry/households/household-detail-page.tsx'));
const TransferListPage = lazy(() => import('../features/registry/transfers/transfer-list-page.tsx'));
const PolicyLibraryPage = lazy(() => import('../features/policy/policy-library-page.tsx'));
const PolicyEvaluatePage = lazy(() => import('../features/policy/policy-evaluate-page.tsx'));
const PolicyWhatIfPage = lazy(() => import('../features/policy/policy-whatif-page.tsx'));
const PolicyGrantsPage = lazy(() => import('../features/policy/policy-grants-page.tsx'));

export function PageLoading() {
  return (
    <div className="page-loading">
      <Spin size="large" />
    </div>
  );
}

/** Only for a logged-in user; until the password is changed, only the change-password page. */
function RequireSession({
  children,
  allowPendingChange = false,
}: {
  children: ReactNode;
  allowPendingChange?: boolean;
}) {
  const { data, isPending, isError, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <PageLoading />;
  if (isError) {
    return (
      <Result
        status="error"
        title="无法连接服务器"
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => void refetch()}>重试</Button>}
      />
    );
  }
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (data.mustChangePassword && !allowPendingChange) return <Navigate to="/change-password" replace />;
  return children;
}

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色没有访问此页面的权限，如需开通请联系系统管理员。"
      />
    );
  }
  return children;
}

const page = (element: ReactNode) => <Suspense fallback={<PageLoading />}>{element}</Suspense>;

const router = createBrowserRouter([
  { path: '/login', element: page(<LoginPage />) },
  {
    path: '/change-password',
    element: <RequireSession allowPendingChange>{page(<ChangePasswordPage />)}</RequireSession>,
  },
  {
    path: '/',
    element: <RequireSession>{page(<AdminLayout />)}</RequireSession>,
    children: [
      { index: true, element: page(<HomePage />) },
      {
        path: 'system/organizations',
        element: page(
          <RequirePermission permission="organization:read">
            <OrganizationListPage />
          </RequirePermission>,
        ),
      },
      {
        path: 'system/users',
        element: page(
          <RequirePermission permission="user:read">
            <UserListPage />
          </RequirePermission>,
        ),
      },
      { path: 'audit', element: <Navigate to="/audit/operations" replace /> },
      {
        path: 'audit/:tab',
        element: page(
          <RequirePermission permission="audit:read">
            <AuditLogPage />
          </RequirePermission>,
        ),
      },
      ...(
        [
          ['registry/laborers', <LaborerListPage />],
          ['registry/laborers/:id', <LaborerDetailPage />],
          ['registry/households', <HouseholdListPage />],
          ['registry/households/:id', <HouseholdDetailPage />],
          ['registry/transfers', <TransferListPage />],
        ] as const
      ).map(([path, element]) => ({
        path,
        element: page(<RequirePermission permission="registry:read">{element}</RequirePermission>),
      })),
      ...(
        [
          ['policy/library', <PolicyLibraryPage />],
          ['policy/evaluate', <PolicyEvaluatePage />],
          ['policy/whatif', <PolicyWhatIfPage />],
          ['policy/grants', <PolicyGrantsPage />],
        ] as const
      ).map(([path, element]) => ({
        path,
        element: page(<RequirePermission permission="policy:read">{element}</RequirePermission>),
      })),
      {
        path: 'regions',
        element: page(
          <RequirePermission permission="region:read">
            <RegionPage />
          </RequirePermission>,
        ),
      },
      {
        path: '*',
        element: <Result status="404" title="页面不存在" subTitle="您访问的页面不存在，请从左侧菜单进入。" />,
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
