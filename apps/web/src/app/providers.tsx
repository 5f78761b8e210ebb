import { useEffect, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { ApiError, setApiHandlers } from '../shared/api/client.ts';
import { clearSession, SESSION_KEY } from './session.tsx';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will be refused again: retry only network and server failures, once.
      retry: (count, error) =>
        count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
    mutations: { retry: false },
  },
});

/** Connects the API client to the session: a lost session leads to the login page, a pending change to its page. */
function ApiBridge() {
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  useEffect(() => {
    setApiHandlers({
      onUnauthenticated: (error) => {
        const hadSession = Boolean(client.getQueryData(SESSION_KEY));
        clearSession(client);
        if (hadSession) {
          void message.warning(error.code === 'SESSION_EXPIRED' ? '登录已过期，请重新登录' : error.message);
        }
      },
      onPasswordChangeRequired: () => void client.invalidateQueries({ queryKey: SESSION_KEY }),
    });
    return () => setApiHandlers({});
  }, [client, message]);
  return null;
}

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      // 「登录」 not 「登 录」: keeps button names as they read, for users and for role locators alike.
      button={{ autoInsertSpace: false }}
      theme={{
        token: { colorPrimary: '#1677ff', borderRadius: 4 },
        components: { Layout: { headerHeight: 56, headerPadding: '0 16px' } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <ApiBridge />
          {children}
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
