import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TransferCreateInput,
  TransferDirection,
  TransferDto,
  TransferListQuery,
  TransferStatus,
} from '@jiuye/contracts';
import { api, type Page } from '../../../shared/api/client.ts';
import { registryKeys } from '../shared/registry.api.ts';

export type Transfer = TransferDto;
export type { TransferDirection, TransferStatus };

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, { label: string; color: string }> = {
  pending: { label: '待处理', color: 'gold' },
  accepted: { label: '已同意', color: 'green' },
  refused: { label: '已拒绝', color: 'red' },
  withdrawn: { label: '已撤回', color: 'default' },
};

export type TransferFilter = TransferListQuery;
/** The request form sends the ID number (the API takes a labourer id too). */
export type TransferRequestInput = TransferCreateInput & { idNumber: string };

export function useTransfers(filter: TransferFilter) {
  return useQuery({
    queryKey: [...registryKeys.all, 'transfers', 'list', filter],
    queryFn: () => api.get<Page<Transfer>>('/registry/transfers', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useTransferMutations() {
  const queryClient = useQueryClient();
  // A decision moves a labourer between regions: every registry list and detail may change.
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.all });
  return {
    request: useMutation({
      mutationFn: (input: TransferRequestInput) => api.post<Transfer>('/registry/transfers', input),
      onSuccess: refresh,
    }),
    accept: useMutation({
      mutationFn: ({ id, note }: { id: number; note?: string }) =>
        api.post<Transfer>(`/registry/transfers/${id}/accept`, note ? { note } : {}),
      onSuccess: refresh,
    }),
    refuse: useMutation({
      mutationFn: ({ id, note }: { id: number; note: string }) =>
        api.post<Transfer>(`/registry/transfers/${id}/refuse`, { note }),
      onSuccess: refresh,
    }),
  };
}
