import { useEffect } from 'react';
import { Alert, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, errorMessage } from '../../shared/api/client.ts';
import { useRecordGrant, type BenefitResult, type PolicyEvaluation } from './policy.api.ts';
import { formatFen } from './policy-format.ts';

/**
 * 登记发放: records the grant of an applicable result of a registry labourer's evaluation in the grant ledger
 * (POST /api/policy/grants). The server evaluates the benefit again and refuses it, with the engine's reason,
 * when it is no longer applicable (a cap reached, once a year already granted …).
 */

interface RecordValues {
  decidedOn: Dayjs;
  periodStart: Dayjs;
  amountYuan?: number;
  source?: string;
}

export interface RecordTarget {
  evaluation: PolicyEvaluation;
  result: BenefitResult;
  /** The supplementary facts the evaluation was asked with (the registry does not hold them). */
  facts: Record<string, boolean | number | string | null> | undefined;
}

export function RecordGrantModal({
  target,
  onClose,
  onRecorded,
}: {
  target: RecordTarget | undefined;
  onClose: () => void;
  onRecorded: (label: string) => void;
}) {
  const record = useRecordGrant();
  const [form] = Form.useForm<RecordValues>();
  const result = target?.result;
  const evaluatedFen = result?.amountFen ?? null;

  useEffect(() => {
    if (!target) return;
    record.reset();
    form.setFieldsValue({
      decidedOn: dayjs(),
      periodStart: dayjs(target.evaluation.asOf),
      amountYuan: evaluatedFen === null ? undefined : evaluatedFen / 100,
      source: undefined,
    });
    // Reset once per opened result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target]);

  const submit = async (values: RecordValues) => {
    if (!target || !target.evaluation.laborer) return;
    try {
      await record.mutateAsync({
        laborerId: target.evaluation.laborer.id,
        benefitId: target.result.benefitId,
        asOf: target.evaluation.asOf,
        facts: target.facts,
        rulesetVersion: target.evaluation.rulesetVersion,
        periodStart: values.periodStart.format('YYYY-MM-DD'),
        decidedOn: values.decidedOn.format('YYYY-MM-DD'),
        ...(values.amountYuan !== undefined && values.amountYuan !== null
          ? { amountFen: Math.round(values.amountYuan * 100) }
          : {}),
        ...(values.source?.trim() ? { source: values.source.trim() } : {}),
      });
      onRecorded(target.result.benefitLabel);
    } catch {
      // Shown in the dialog below.
    }
  };

  const refusal = record.error;
  const reasons = refusal instanceof ApiError ? refusal.details.map((d) => d.message) : [];

  return (
    <Modal
      open={Boolean(target)}
      title={result ? `登记发放：${result.benefitLabel}` : '登记发放'}
      okText="确认登记"
      cancelText="取消"
      confirmLoading={record.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {target && result && (
        <>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'laborer',
                label: '劳动力',
                children: target.evaluation.laborer
                  ? `${target.evaluation.laborer.name}（${target.evaluation.laborer.idNumberMasked}）`
                  : '—',
              },
              { key: 'amount', label: '测算金额', children: formatFen(evaluatedFen) },
              { key: 'asOf', label: '评估日', children: target.evaluation.asOf },
              {
                key: 'version',
                label: '规则版本',
                children: <Typography.Text code>{target.evaluation.rulesetVersion}</Typography.Text>,
              },
            ]}
          />
          <Form<RecordValues>
            form={form}
            layout="vertical"
            name="recordGrant"
            aria-label="登记发放"
            onFinish={(values) => void submit(values)}
          >
            <Form.Item
              name="decidedOn"
              label="决定日期"
              rules={[{ required: true, message: '请选择决定日期' }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="periodStart"
              label="所属期起"
              rules={[{ required: true, message: '请选择所属期' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="amountYuan"
              label="发放金额"
              extra={evaluatedFen !== null ? `不超过测算金额 ${formatFen(evaluatedFen)}` : undefined}
            >
              <InputNumber
                style={{ width: '100%' }}
                min={0}
                max={evaluatedFen === null ? undefined : evaluatedFen / 100}
                precision={2}
                suffix="元"
              />
            </Form.Item>
            <Form.Item name="source" label="依据文号（可不填）">
              <Input maxLength={300} placeholder="如 忻人社〔2026〕1号" />
            </Form.Item>
          </Form>
          {refusal && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(refusal)}
              description={reasons.length > 0 ? reasons.join('；') : undefined}
            />
          )}
        </>
      )}
    </Modal>
  );
}
