import { useState } from 'react';
import { Alert, Button, Card, Collapse, Descriptions, Flex, Segmented, Space, Tag, Typography } from 'antd';
import { CheckSquareOutlined } from '@ant-design/icons';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import type { BenefitResult, LibraryFact, PolicyEvaluation, PolicyLibrary } from './policy.api.ts';
import { AMOUNT_KIND_LABELS, formatFen, SUBJECT_KIND_LABELS } from './policy-format.ts';
import { ExplanationView } from './policy-explanation.tsx';

/** 测算结果: every benefit of an evaluation, applicable or not, with the amount, the sentence and the tree. */

function displayFact(fact: LibraryFact | undefined, value: boolean | number | string): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (fact?.type === 'enum' && typeof value === 'string') return fact.valueLabels?.[value] ?? value;
  if (fact?.unit === 'fen' && typeof value === 'number') return formatFen(value);
  return `${value}${fact?.unit && fact.unit !== 'fen' ? ` ${fact.unit}` : ''}`;
}

const isEligible = (result: BenefitResult) => result.status === 'eligible';

function AmountText({ result }: { result: BenefitResult }) {
  if (!isEligible(result)) return <Typography.Text type="secondary">—</Typography.Text>;
  if (result.amountKind === 'in_kind') return <Typography.Text>非现金扶持</Typography.Text>;
  if (result.amountFen === null) return <Typography.Text>—</Typography.Text>;
  const prefix = result.amountKind ? AMOUNT_KIND_LABELS[result.amountKind] : '';
  return (
    <Typography.Text strong style={{ fontSize: 16, color: '#cf1322' }}>
      {prefix}
      {formatFen(result.amountFen)}
      {result.loan && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          ，财政贴息{' '}
          {result.loan.interestSubsidy.numerator === result.loan.interestSubsidy.denominator
            ? '全额'
            : `${result.loan.interestSubsidy.numerator}/${result.loan.interestSubsidy.denominator}`}
        </Typography.Text>
      )}
      {result.months !== undefined && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          （{result.months} 个月）
        </Typography.Text>
      )}
    </Typography.Text>
  );
}

export function ResultList({
  evaluation,
  library,
  onRecord,
  notice,
}: {
  evaluation: PolicyEvaluation;
  library: PolicyLibrary | undefined;
  /** 登记发放 of an applicable result (a registry labourer, a user with policy:grant); absent otherwise. */
  onRecord?: ((result: BenefitResult) => void) | undefined;
  notice?: string | undefined;
}) {
  const [show, setShow] = useState<'all' | 'eligible' | 'not'>('all');
  const eligible = evaluation.results.filter(isEligible);
  const total = eligible.reduce(
    (sum, r) => sum + (r.amountKind === 'exact' || r.amountKind === 'up_to' ? (r.amountFen ?? 0) : 0),
    0,
  );
  const facts = new Map((library?.facts ?? []).map((f) => [f.name, f]));
  const shown = evaluation.results.filter((r) =>
    show === 'all' ? true : show === 'eligible' ? isEligible(r) : !isEligible(r),
  );

  return (
    <Card
      size="small"
      title="测算结果"
      extra={
        <Typography.Text type="secondary">
          规则版本 <Typography.Text code>{evaluation.rulesetVersion}</Typography.Text>
        </Typography.Text>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          ...(evaluation.laborer
            ? [
                {
                  key: 'laborer',
                  label: '劳动力',
                  children: `${evaluation.laborer.name}（${evaluation.laborer.idNumberMasked}）`,
                },
              ]
            : [
                { key: 'subject', label: '主体类型', children: SUBJECT_KIND_LABELS[evaluation.subject.kind] },
              ]),
          { key: 'asOf', label: '评估日', children: evaluation.asOf },
          { key: 'region', label: '区划', children: <RegionLabel code={evaluation.regionCode} full /> },
          {
            key: 'summary',
            label: '可享受',
            children: (
              <span>
                {eligible.length} 项 / 共 {evaluation.results.length} 项，金额合计
                <Typography.Text strong> {formatFen(total)}</Typography.Text>
              </span>
            ),
          },
          ...(evaluation.laborer
            ? [
                {
                  key: 'registryFacts',
                  label: '台账事实',
                  span: 'filled' as const,
                  children: (
                    <Space size={[4, 4]} wrap>
                      {Object.entries(evaluation.laborer.registryFacts).map(([name, value]) => (
                        <Tag key={name}>
                          {facts.get(name)?.label ?? name}：{displayFact(facts.get(name), value)}
                        </Tag>
                      ))}
                      <Typography.Text type="secondary">
                        发放台账中已有 {evaluation.laborer.ledgerGrantCount} 条记录
                      </Typography.Text>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {notice && <Alert type="success" showIcon title={notice} style={{ marginTop: 8 }} />}
      <Flex justify="flex-end" style={{ margin: '8px 0' }}>
        <Segmented
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: `全部（${evaluation.results.length}）` },
            { value: 'eligible', label: `享受（${eligible.length}）` },
            { value: 'not', label: `不享受（${evaluation.results.length - eligible.length}）` },
          ]}
        />
      </Flex>
      <Collapse
        className="policy-results"
        items={shown.map((result) => ({
          key: result.benefitId,
          label: (
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Space size={6} wrap>
                <Typography.Text strong>{result.benefitLabel}</Typography.Text>
                {isEligible(result) ? <Tag color="success">享受</Tag> : <Tag color="default">不享受</Tag>}
                {!isEligible(result) && (
                  <Tag
                    color={
                      result.status === 'missing_fact' || result.status === 'parameter_unset'
                        ? 'warning'
                        : 'error'
                    }
                  >
                    {result.statusLabel}
                  </Tag>
                )}
                <Typography.Text type="secondary">领取：{result.payee}</Typography.Text>
              </Space>
              <Space size={8}>
                <AmountText result={result} />
                {onRecord && isEligible(result) && (
                  <Button
                    size="small"
                    icon={<CheckSquareOutlined />}
                    onClick={(event) => {
                      // The button sits in the panel header: do not open or close the panel.
                      event.stopPropagation();
                      onRecord(result);
                    }}
                  >
                    登记发放
                  </Button>
                )}
              </Space>
            </Flex>
          ),
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Alert
                type={isEligible(result) ? 'success' : 'info'}
                title={result.sentence}
                description={result.reason ? `原因：${result.reason.message}` : undefined}
              />
              <ExplanationView result={result} library={library} />
            </Space>
          ),
        }))}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        点击各项待遇展开：上方为告知申请人的说明，下方“解释树”“明细”供经办人员核对事实、参数、依据和发放记录。
      </Typography.Paragraph>
    </Card>
  );
}
