import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  CalculatorOutlined,
  CheckSquareOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, errorMessage } from '../../shared/api/client.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';
import { useCan } from '../../app/session.tsx';
import {
  useEvaluatePolicy,
  useLaborerSearch,
  usePolicyLibrary,
  type BenefitResult,
  type LibraryFact,
  type PolicyEvaluateInput,
  type PolicyEvaluation,
  type PolicyLibrary,
} from './policy.api.ts';
import { AMOUNT_KIND_LABELS, formatFen, SUBJECT_KIND_LABELS } from './policy-format.ts';
import { ExplanationView } from './policy-explanation.tsx';
import { RecordGrantModal, type RecordTarget } from './policy-record-grant.tsx';
import type { PolicySubjectKind } from './policy-types.ts';

type Mode = 'laborer' | 'scenario';
type FactInput = boolean | number | string | Dayjs | null | undefined;

interface GrantInput {
  benefitId?: string;
  periodStart?: Dayjs;
  amountYuan?: number;
  months?: number;
  decidedOn?: Dayjs;
}

interface EvaluateValues {
  laborerId?: number;
  kind: PolicySubjectKind;
  asOf: Dayjs;
  regionCode?: string;
  facts?: Record<string, FactInput>;
  grants?: GrantInput[];
  requireFacts?: boolean;
}

const SUBJECT_ID = 'scenario-subject';
const PERSON_ID = 'scenario-person';
const KINDS = Object.keys(SUBJECT_KIND_LABELS) as PolicySubjectKind[];

/** A fact as the API wants it: dates as YYYY-MM-DD, money facts (unit fen) entered in 元. */
function factValue(fact: LibraryFact, input: FactInput): boolean | number | string | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  if (dayjs.isDayjs(input)) return input.format('YYYY-MM-DD');
  if (fact.unit === 'fen' && typeof input === 'number') return Math.round(input * 100);
  return input;
}

function displayFact(fact: LibraryFact | undefined, value: boolean | number | string): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (fact?.type === 'enum' && typeof value === 'string') return fact.valueLabels?.[value] ?? value;
  if (fact?.unit === 'fen' && typeof value === 'number') return formatFen(value);
  return `${value}${fact?.unit && fact.unit !== 'fen' ? ` ${fact.unit}` : ''}`;
}

function FactField({ fact, usedBy }: { fact: LibraryFact; usedBy: string[] }) {
  const label = (
    <Space size={4}>
      <span>{fact.label}</span>
      {usedBy.length > 0 && (
        <Tooltip title={`用于：${usedBy.join('、')}`}>
          <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
        </Tooltip>
      )}
    </Space>
  );
  let control;
  if (fact.type === 'boolean') {
    control = (
      <Select
        allowClear
        placeholder="未填写"
        options={[
          { value: true, label: '是' },
          { value: false, label: '否' },
        ]}
      />
    );
  } else if (fact.type === 'enum') {
    control = (
      <Select
        allowClear
        placeholder="未填写"
        options={(fact.values ?? []).map((value) => ({ value, label: fact.valueLabels?.[value] ?? value }))}
      />
    );
  } else if (fact.type === 'date') {
    control = <DatePicker style={{ width: '100%' }} placeholder="未填写" />;
  } else if (fact.unit === 'fen') {
    control = (
      <InputNumber style={{ width: '100%' }} min={0} precision={2} placeholder="未填写" suffix="元" />
    );
  } else {
    control = (
      <InputNumber
        style={{ width: '100%' }}
        min={fact.min ?? 0}
        precision={0}
        placeholder="未填写"
        suffix={fact.unit}
      />
    );
  }
  return (
    <Form.Item name={['facts', fact.name]} label={label}>
      {control}
    </Form.Item>
  );
}

function LaborerSelect({
  value,
  onChange,
  id,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const found = useLaborerSearch(q);
  return (
    <Select
      id={id}
      aria-label="劳动力"
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      allowClear
      value={value}
      onChange={(next?: number) => onChange?.(next)}
      placeholder="输入姓名、拼音首字母或身份证号后4位"
      loading={found.isFetching}
      notFoundContent={found.isError ? errorMessage(found.error) : '没有匹配的劳动力'}
      options={(found.data?.items ?? []).map((laborer) => ({
        value: laborer.id,
        label: `${laborer.name}（${laborer.idNumberMasked}）${laborer.regionName ?? ''}`,
      }))}
    />
  );
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

function ResultList({
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

/** Maps the API's field names (subject.facts.trainingDays, facts.x, asOf …) to the form's. */
function serverFieldName(field: string): (string | number)[] | undefined {
  const fact = /^(?:subject\.)?facts\.([A-Za-z0-9_]+)/u.exec(field)?.[1];
  if (fact) return ['facts', fact];
  if (field === 'asOf') return ['asOf'];
  if (field === 'regionCode') return ['regionCode'];
  if (field === 'laborerId') return ['laborerId'];
  if (field === 'subject.kind') return ['kind'];
  const grant = /^grants\.?\[?(\d+)\]?/u.exec(field)?.[1];
  if (grant !== undefined) return ['grants', Number(grant), 'benefitId'];
  return undefined;
}

/** 补贴测算: a registry labourer or a scenario against every benefit, with the applicant's sentence and the staff's tree. */
export default function PolicyEvaluatePage() {
  const { regionCode: workingRegion } = useWorkingRegion();
  const library = usePolicyLibrary();
  const evaluate = useEvaluatePolicy();
  const [form] = Form.useForm<EvaluateValues>();
  const [mode, setMode] = useState<Mode>('laborer');
  const [problem, setProblem] = useState<string>();
  const [showAllFacts, setShowAllFacts] = useState(false);
  const can = useCan();
  const [recordTarget, setRecordTarget] = useState<RecordTarget>();
  const [notice, setNotice] = useState<string>();
  const kind = Form.useWatch('kind', form) ?? 'person';
  const factKind: PolicySubjectKind = mode === 'laborer' ? 'person' : kind;

  const factsByName = useMemo(
    () => new Map((library.data?.facts ?? []).map((fact) => [fact.name, fact])),
    [library.data],
  );
  const benefitLabel = useMemo(
    () => new Map((library.data?.benefits ?? []).map((b) => [b.id, b.label])),
    [library.data],
  );
  // Which facts the cases of this subject kind read, and which benefits read each (from the library API).
  const use = useMemo(() => {
    const entry = library.data?.factsBySubjectKind.find((k) => k.subjectKind === factKind);
    return entry
      ? {
          facts: entry.facts.map((f) => f.name),
          benefitsByFact: new Map(entry.facts.map((f) => [f.name, f.benefitIds])),
        }
      : undefined;
  }, [library.data, factKind]);
  const kindFacts = (use?.facts ?? [])
    .map((name) => factsByName.get(name))
    .filter((f): f is LibraryFact => !!f);
  const otherFacts = (library.data?.facts ?? []).filter((f) => !use?.benefitsByFact.has(f.name));
  const kindBenefits = (library.data?.benefits ?? []).filter((b) => b.subjectKind === factKind);

  const submit = async (values: EvaluateValues) => {
    setProblem(undefined);
    setNotice(undefined);
    const facts: Record<string, boolean | number | string> = {};
    for (const [name, input] of Object.entries(values.facts ?? {})) {
      const fact = factsByName.get(name);
      const value = fact ? factValue(fact, input) : undefined;
      if (value !== undefined) facts[name] = value;
    }
    const asOf = values.asOf.format('YYYY-MM-DD');
    const grants = (values.grants ?? [])
      .filter((g) => g.benefitId && g.periodStart)
      .map((g, i) => ({
        id: `g${i + 1}`,
        benefitId: g.benefitId!,
        subjectKind: factKind,
        subjectId: SUBJECT_ID,
        ...(factKind === 'employer' || factKind === 'provider' ? { personId: PERSON_ID } : {}),
        periodStart: g.periodStart!.format('YYYY-MM-DD'),
        amountFen: Math.round((g.amountYuan ?? 0) * 100),
        ...(g.months ? { months: g.months } : {}),
        decidedOn: (g.decidedOn ?? g.periodStart!).format('YYYY-MM-DD'),
      }));
    const input: PolicyEvaluateInput =
      mode === 'laborer'
        ? { laborerId: values.laborerId, asOf, facts, requireFacts: values.requireFacts }
        : {
            subject: {
              kind: values.kind,
              id: SUBJECT_ID,
              ...(values.kind === 'employer' || values.kind === 'provider' ? { personId: PERSON_ID } : {}),
              facts,
            },
            asOf,
            regionCode: values.regionCode,
            grants,
            requireFacts: values.requireFacts,
          };
    try {
      await evaluate.mutateAsync(input);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(errorMessage(error));
        return;
      }
      const byField = new Map<string, { name: (string | number)[]; errors: string[]; needed: string[] }>();
      const rest: string[] = [];
      for (const detail of error.details) {
        const name = detail.field ? serverFieldName(detail.field) : undefined;
        if (!name) {
          rest.push(detail.message);
          continue;
        }
        const key = name.join('.');
        const entry = byField.get(key) ?? { name, errors: [], needed: [] };
        // "缺少X（x），判断Y需要" once per benefit: one line per field naming every benefit that needs it.
        const needed = detail.code === 'missing' ? /判断(.+)需要$/u.exec(detail.message)?.[1] : undefined;
        if (needed) entry.needed.push(needed);
        else if (!entry.errors.includes(detail.message)) entry.errors.push(detail.message);
        byField.set(key, entry);
      }
      const fields = [...byField.values()].map(({ name, errors, needed }) => ({
        name,
        errors: needed.length > 0 ? [...errors, `请填写：判断${needed.join('、')}需要此项`] : errors,
      }));
      // A fact outside the fields shown is shown by opening the other facts.
      if (fields.some((e) => e.name[0] === 'facts' && !use?.benefitsByFact.has(String(e.name[1]))))
        setShowAllFacts(true);
      setTimeout(() => {
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
        if (fields[0]) form.scrollToField(fields[0].name as Parameters<typeof form.scrollToField>[0]);
      });
      setProblem(rest.length > 0 ? `${error.message}：${rest.join('；')}` : error.message);
    }
  };

  return (
    <div className="list-page-main">
      <Card size="small" title="测算对象">
        <Segmented<Mode>
          value={mode}
          onChange={(next) => {
            setMode(next);
            setProblem(undefined);
            evaluate.reset();
          }}
          options={[
            { value: 'laborer', label: '从台账选择劳动力' },
            { value: 'scenario', label: '填写测算情形' },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Form<EvaluateValues>
          form={form}
          name="policyEvaluate"
          layout="vertical"
          aria-label="测算情形"
          initialValues={{ kind: 'person', asOf: dayjs(), regionCode: workingRegion, requireFacts: false }}
          onFinish={(values) => void submit(values)}
          onValuesChange={() => setProblem(undefined)}
        >
          <Row gutter={16}>
            {mode === 'laborer' ? (
              <Col xs={24} md={12} xl={10}>
                <Form.Item
                  name="laborerId"
                  label="劳动力"
                  rules={[{ required: true, message: '请选择劳动力' }]}
                  extra="事实取自实名制台账，已享受记录取自发放台账"
                >
                  <LaborerSelect />
                </Form.Item>
              </Col>
            ) : (
              <>
                <Col xs={24} md={8} xl={6}>
                  <Form.Item
                    name="kind"
                    label="主体类型"
                    rules={[{ required: true, message: '请选择主体类型' }]}
                  >
                    <Select options={KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_LABELS[k] }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8} xl={6}>
                  <Form.Item
                    name="regionCode"
                    label="区划（户籍地/所在地）"
                    rules={[{ required: true, message: '请选择区划' }]}
                  >
                    <RegionPicker aria-label="区划" />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={24} md={8} xl={4}>
              <Form.Item name="asOf" label="评估日" rules={[{ required: true, message: '请选择评估日' }]}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item
                name="requireFacts"
                label="缺少信息时"
                valuePropName="checked"
                tooltip="打开后，缺少判断所需的事实时不出结果，并在对应字段上标出"
              >
                <Switch checkedChildren="标出字段" unCheckedChildren="照常测算" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {mode === 'laborer'
              ? '补充事实（台账未记录的，可不填；与台账冲突时以台账为准）'
              : `${SUBJECT_KIND_LABELS[kind]}的事实`}
          </Typography.Title>
          <Row gutter={16}>
            {kindFacts.map((fact) => (
              <Col key={fact.name} xs={24} md={12} xl={6}>
                <FactField
                  fact={fact}
                  usedBy={(use?.benefitsByFact.get(fact.name) ?? []).map((id) => benefitLabel.get(id) ?? id)}
                />
              </Col>
            ))}
          </Row>
          {otherFacts.length > 0 && (
            <Collapse
              ghost
              size="small"
              activeKey={showAllFacts ? ['other'] : []}
              onChange={(keys) => setShowAllFacts(keys.length > 0)}
              items={[
                {
                  key: 'other',
                  label: `其他事实（${otherFacts.length} 项，其他主体类型使用）`,
                  forceRender: true,
                  children: (
                    <Row gutter={16}>
                      {otherFacts.map((fact) => (
                        <Col key={fact.name} xs={24} md={12} xl={6}>
                          <FactField fact={fact} usedBy={[]} />
                        </Col>
                      ))}
                    </Row>
                  ),
                },
              ]}
            />
          )}
          {mode === 'scenario' && (
            <>
              <Typography.Title level={5}>
                已享受记录（用于“每年一次”、上限和不得重复享受的判断）
              </Typography.Title>
              <Form.List name="grants">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Row key={field.key} gutter={8} align="top">
                        <Col xs={24} md={7}>
                          <Form.Item
                            name={[field.name, 'benefitId']}
                            rules={[{ required: true, message: '请选择待遇' }]}
                          >
                            <Select
                              placeholder="待遇项目"
                              aria-label="已享受的待遇"
                              options={kindBenefits.map((b) => ({ value: b.id, label: b.label }))}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item
                            name={[field.name, 'periodStart']}
                            rules={[{ required: true, message: '请选择所属期' }]}
                          >
                            <DatePicker placeholder="所属期起" style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                          <Form.Item name={[field.name, 'amountYuan']}>
                            <InputNumber
                              placeholder="金额"
                              min={0}
                              precision={2}
                              suffix="元"
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={3}>
                          <Form.Item name={[field.name, 'months']}>
                            <InputNumber placeholder="月数" min={0} precision={0} style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={10} md={4}>
                          <Form.Item name={[field.name, 'decidedOn']}>
                            <DatePicker placeholder="决定日期" style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={2}>
                          <Button
                            type="text"
                            icon={<MinusCircleOutlined />}
                            aria-label="删除记录"
                            onClick={() => remove(field.name)}
                          />
                        </Col>
                      </Row>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add()}
                      style={{ marginBottom: 16 }}
                    >
                      添加已享受记录
                    </Button>
                  </>
                )}
              </Form.List>
            </>
          )}
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              icon={<CalculatorOutlined />}
              loading={evaluate.isPending}
            >
              开始测算
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setProblem(undefined);
                evaluate.reset();
              }}
            >
              重置
            </Button>
          </Space>
        </Form>
      </Card>
      {evaluate.data ? (
        <ResultList
          evaluation={evaluate.data}
          library={library.data}
          notice={notice}
          onRecord={
            evaluate.data.laborer && can('policy:grant')
              ? (result) =>
                  setRecordTarget({
                    evaluation: evaluate.data,
                    result,
                    facts: evaluate.variables?.facts,
                  })
              : undefined
          }
        />
      ) : (
        <Card size="small">
          <Empty description="选择劳动力或填写情形后点击“开始测算”，列出每项补贴是否可享受、金额及依据" />
        </Card>
      )}
      <RecordGrantModal
        target={recordTarget}
        onClose={() => setRecordTarget(undefined)}
        onRecorded={(label) => {
          setRecordTarget(undefined);
          // Evaluate again with the same input: the new grant now counts (每年一次、上限、不得重复享受).
          const input = evaluate.variables;
          if (input)
            void evaluate
              .mutateAsync(input)
              .then(() => setNotice(`已登记发放“${label}”，已按发放台账重新测算`))
              .catch((error: unknown) => setProblem(errorMessage(error)));
        }}
      />
    </div>
  );
}
