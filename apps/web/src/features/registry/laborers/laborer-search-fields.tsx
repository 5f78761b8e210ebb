import { Form, Input, InputNumber, Select, Space } from 'antd';
import type { LaborerFilter } from '../shared/registry.api.ts';
import { EMPLOYMENT_STATUS_LABELS, useDictionaryOptions } from '../shared/dictionary.ts';
import { OccupationSelect } from '../shared/occupation-select.tsx';

/** The search fields of the labourer ledger, every field of the paper ledger one can search by. */

export interface LaborerSearchValues {
  q?: string;
  visibility?: 'all' | 'home' | 'work';
  householdType?: string;
  monitoringCategory?: string;
  laborCapacity?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  education?: string;
  health?: string;
  employmentStatus?: 'employed' | 'unemployed' | 'unable';
  workArea?: string;
  trainingWillingness?: string;
  jobIntention?: string;
  occupationCode?: string;
  noContactDays?: number | null;
}

/** The list filter the search fields ask for: blank text and cleared numbers left out. */
export function laborerSearchOf(values: LaborerSearchValues): LaborerFilter {
  return {
    q: values.q?.trim() || undefined,
    visibility: values.visibility,
    householdType: values.householdType,
    monitoringCategory: values.monitoringCategory,
    laborCapacity: values.laborCapacity,
    ageMin: values.ageMin ?? undefined,
    ageMax: values.ageMax ?? undefined,
    education: values.education,
    health: values.health,
    employmentStatus: values.employmentStatus,
    workArea: values.workArea,
    trainingWillingness: values.trainingWillingness,
    jobIntention: values.jobIntention,
    occupationCode: values.occupationCode,
    noContactDays: values.noContactDays ?? undefined,
  };
}

/** The fields inside the list's SearchPanel. */
export function LaborerSearchFields() {
  const { options } = useDictionaryOptions();
  const select = (type: Parameters<typeof options>[0], width = 150) => (
    <Select placeholder="全部" allowClear style={{ width }} options={options(type)} />
  );

  return (
    <>
      <Form.Item label="姓名/证件" name="q" tooltip="姓名、拼音首字母（如 zs 查张三）或证件号码后4位">
        <Input placeholder="姓名、拼音首字母或证件后4位" allowClear style={{ width: 210 }} />
      </Form.Item>
      <Form.Item label="户类型" name="householdType">
        {select('household_type', 130)}
      </Form.Item>
      <Form.Item label="监测类别" name="monitoringCategory">
        {select('monitoring_category', 150)}
      </Form.Item>
      <Form.Item label="劳动技能" name="laborCapacity">
        {select('labor_capacity', 170)}
      </Form.Item>
      <Form.Item label="年龄">
        <Space.Compact>
          <Form.Item name="ageMin" noStyle>
            <InputNumber
              min={0}
              max={150}
              precision={0}
              placeholder="最小"
              aria-label="最小年龄"
              style={{ width: 80 }}
            />
          </Form.Item>
          <Input
            style={{ width: 36, pointerEvents: 'none', textAlign: 'center' }}
            placeholder="至"
            disabled
          />
          <Form.Item name="ageMax" noStyle>
            <InputNumber
              min={0}
              max={150}
              precision={0}
              placeholder="最大"
              aria-label="最大年龄"
              style={{ width: 80 }}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item label="文化程度" name="education">
        {select('education', 130)}
      </Form.Item>
      <Form.Item label="健康状况" name="health">
        {select('health', 130)}
      </Form.Item>
      <Form.Item label="就业状态" name="employmentStatus">
        <Select
          placeholder="全部"
          allowClear
          style={{ width: 130 }}
          options={Object.entries(EMPLOYMENT_STATUS_LABELS).map(([value, text]) => ({
            value,
            label: text,
          }))}
        />
      </Form.Item>
      <Form.Item label="务工地域" name="workArea">
        {select('work_area', 130)}
      </Form.Item>
      <Form.Item label="培训意愿" name="trainingWillingness">
        {select('training_willingness', 130)}
      </Form.Item>
      <Form.Item label="就业意愿" name="jobIntention">
        {select('job_intention', 150)}
      </Form.Item>
      <Form.Item
        label="职业"
        name="occupationCode"
        tooltip="意向职业或技能（国家职业分类大典 2022），选类别时含其下各职业"
      >
        <OccupationSelect style={{ width: 240 }} />
      </Form.Item>
      <Form.Item label="未联系" name="noContactDays" tooltip="最近一次联系在多少天以前（含从未联系）">
        <InputNumber min={0} max={36500} precision={0} suffix="天以上" style={{ width: 130 }} />
      </Form.Item>
      <Form.Item label="范围" name="visibility">
        <Select
          placeholder="全部"
          allowClear
          style={{ width: 150 }}
          options={[
            { value: 'home', label: '户籍在本地' },
            { value: 'work', label: '在本地务工（外地户籍）' },
          ]}
        />
      </Form.Item>
    </>
  );
}
