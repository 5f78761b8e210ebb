import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Empty,
  Form,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { PolicySubjectKind } from '@jiuye/contracts';
import { ApiError, errorMessage } from '../../shared/api/client.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';
import { useCan } from '../../app/session.tsx';
import { useEvaluatePolicy, usePolicyLibrary, type LibraryFact } from './policy.api.ts';
import { SUBJECT_KIND_LABELS } from './policy-format.ts';
import { RecordGrantModal, type RecordTarget } from './policy-record-grant.tsx';
import {
  evaluateInputOf,
  serverFieldErrors,
  type EvaluateMode,
  type EvaluateValues,
} from './policy-evaluate-input.ts';
import { FactField, LaborerSelect, ScenarioGrantList } from './policy-evaluate-fields.tsx';
import { ResultList } from './policy-evaluate-results.tsx';

const KINDS = Object.keys(SUBJECT_KIND_LABELS) as PolicySubjectKind[];

/** 补贴测算: a registry labourer or a scenario against every benefit, with the applicant's sentence and the staff's tree. */
export default function PolicyEvaluatePage() {
  const { regionCode: workingRegion } = useWorkingRegion();
  const library = usePolicyLibrary();
  const evaluate = useEvaluatePolicy();
  const [form] = Form.useForm<EvaluateValues>();
  const [mode, setMode] = useState<EvaluateMode>('laborer');
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
    const input = evaluateInputOf(values, mode, factKind, factsByName);
    try {
      await evaluate.mutateAsync(input);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(errorMessage(error));
        return;
      }
      const { fields, rest } = serverFieldErrors(error.details);
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
        <Segmented<EvaluateMode>
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
          {mode === 'scenario' && <ScenarioGrantList benefits={kindBenefits} />}
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
