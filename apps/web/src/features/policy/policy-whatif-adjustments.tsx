import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { LibraryParameter, PolicyLibrary } from './policy.api.ts';
import { formatValidity, jurisdictionName } from './policy-format.ts';
import { JurisdictionTag, ParameterValueText } from './policy-components.tsx';
import type { WhatIfValues } from './policy-whatif-overlay.ts';

/** 调整方案: the parameters to change, each with its jurisdiction, new value and validity, beside the values in force. */

/** The jurisdictions the user may simulate for: the city or province of the view scope, and those above it. */
function defaultJurisdiction(parameter: LibraryParameter, viewScope: string[]): string | undefined {
  const held = new Set(parameter.values.map((v) => v.jurisdiction));
  const own = viewScope[0] ?? '';
  for (const candidate of [own.slice(0, 4), own.slice(0, 2), 'national'])
    if (held.has(candidate)) return candidate;
  return parameter.values[0]?.jurisdiction;
}

/** The new value in the parameter's unit: 元, a ratio, 元 by category, or a count of days or months. */
function ValueInput({ parameter, name }: { parameter: LibraryParameter | undefined; name: number }) {
  if (!parameter) return <Input disabled placeholder="先选择参数" />;
  const required = [{ required: true, message: '请填写新标准' }];
  switch (parameter.unit) {
    case 'fen':
      return (
        <Form.Item name={[name, 'amountYuan']} rules={required} noStyle>
          <InputNumber min={0} precision={2} suffix="元" style={{ width: '100%' }} placeholder="新标准" />
        </Form.Item>
      );
    case 'ratio':
      return (
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name={[name, 'numerator']} rules={required} noStyle>
            <InputNumber min={0} precision={0} placeholder="分子" style={{ width: '50%' }} />
          </Form.Item>
          <Form.Item name={[name, 'denominator']} rules={required} noStyle>
            <InputNumber min={1} precision={0} placeholder="分母" prefix="/" style={{ width: '50%' }} />
          </Form.Item>
        </Space.Compact>
      );
    case 'fen_by_category':
      return (
        <Space wrap>
          {(parameter.categories ?? []).map((category, i) => (
            <Form.Item key={category} name={[name, 'categories', category]} rules={required} noStyle>
              <InputNumber min={0} precision={2} prefix={`类别${i + 1}`} suffix="元" style={{ width: 170 }} />
            </Form.Item>
          ))}
        </Space>
      );
    default:
      return (
        <Form.Item name={[name, 'number']} rules={required} noStyle>
          <InputNumber
            min={0}
            precision={0}
            style={{ width: '100%' }}
            placeholder="新标准"
            suffix={parameter.unit === 'days' ? '天' : parameter.unit === 'months' ? '个月' : undefined}
          />
        </Form.Item>
      );
  }
}

function CurrentValues({ parameter }: { parameter: LibraryParameter }) {
  return (
    <Space orientation="vertical" size={2} style={{ fontSize: 12 }}>
      {[...parameter.values]
        .sort((a, b) => a.validity.from.localeCompare(b.validity.from))
        .map((value, i) => (
          <Space key={i} size={6} wrap>
            <JurisdictionTag code={value.jurisdiction} />
            <ParameterValueText value={value} />
            <Typography.Text type="secondary">{formatValidity(value.validity)}</Typography.Text>
          </Space>
        ))}
    </Space>
  );
}

export function AdjustmentList({
  form,
  library,
  loading,
  parameters,
  viewScope,
  nextYear,
}: {
  form: FormInstance<WhatIfValues>;
  library: PolicyLibrary | undefined;
  loading: boolean;
  parameters: ReadonlyMap<string, LibraryParameter>;
  viewScope: string[];
  /** The first day of next year: where a new adjustment starts unless the evaluation date says otherwise. */
  nextYear: Dayjs;
}) {
  const adjustments = Form.useWatch('adjustments', form);
  return (
    <Form.List name="adjustments">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => {
            const parameterId = adjustments?.[field.name]?.parameter;
            const parameter = parameterId ? parameters.get(parameterId) : undefined;
            return (
              <Card
                key={field.key}
                size="small"
                type="inner"
                style={{ marginBottom: 12 }}
                title={`调整 ${index + 1}`}
                extra={
                  fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label="删除此项调整"
                    >
                      删除
                    </Button>
                  )
                }
              >
                <Row gutter={16}>
                  <Col xs={24} xl={8}>
                    <Form.Item
                      name={[field.name, 'parameter']}
                      label="政策参数"
                      rules={[{ required: true, message: '请选择要调整的参数' }]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder="选择参数，如：跨省务工一次性交通补助标准"
                        loading={loading}
                        options={(library?.parameters ?? []).map((p) => ({
                          value: p.id,
                          label: p.label,
                        }))}
                        onChange={(id: string) => {
                          const chosen = parameters.get(id);
                          form.setFieldValue(
                            ['adjustments', field.name, 'jurisdiction'],
                            chosen ? defaultJurisdiction(chosen, viewScope) : undefined,
                          );
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8} xl={4}>
                    <Form.Item
                      name={[field.name, 'jurisdiction']}
                      label="实施范围"
                      rules={[{ required: true, message: '请选择实施范围' }]}
                    >
                      <Select
                        options={[
                          ...(library?.jurisdictions ?? []).map((j) => ({
                            value: j.code,
                            label: jurisdictionName(j.code),
                          })),
                          { value: '*', label: '各级同时调整' },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16} xl={6}>
                    <Form.Item label="新标准" required>
                      <ValueInput parameter={parameter} name={field.name} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6} xl={3}>
                    <Form.Item
                      name={[field.name, 'from']}
                      label="起始日期"
                      rules={[{ required: true, message: '请选择起始日期' }]}
                    >
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6} xl={3}>
                    <Form.Item name={[field.name, 'to']} label="截止日期">
                      <DatePicker style={{ width: '100%' }} placeholder="长期" />
                    </Form.Item>
                  </Col>
                </Row>
                {parameter && (
                  <div>
                    <Typography.Text type="secondary">现行标准：</Typography.Text>
                    <CurrentValues parameter={parameter} />
                  </div>
                )}
              </Card>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ from: form.getFieldValue('asOf') ?? nextYear })}
            style={{ marginBottom: 16 }}
          >
            再调整一个参数
          </Button>
        </>
      )}
    </Form.List>
  );
}
