/**
 * Word lists of the synthetic ledger: surnames, given-name characters, employer names, phone number blocks. They
 * shape the data so that it looks like a rural Shanxi ledger; the weights are approximations for benchmarks and
 * tests, not statistics of record.
 */

/**
 * Surnames with relative weights: the national top ten (王李张刘陈杨赵黄周吴) plus the names that are more common
 * in Shanxi than nationally (郭 武 贾 郝 梁 韩 薛 乔 阎 …). The tail keeps rare names in the data.
 */
// prettier-ignore
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 90], ['李', 76], ['张', 72], ['刘', 60], ['陈', 24], ['杨', 30], ['赵', 28], ['黄', 8], ['周', 10],
  ['吴', 11], ['郭', 30], ['高', 22], ['武', 18], ['梁', 16], ['韩', 15], ['贾', 14], ['田', 13], ['任', 13],
  ['马', 13], ['郝', 12], ['孙', 12], ['薛', 10], ['侯', 10], ['白', 10], ['冯', 9], ['史', 9], ['乔', 9],
  ['程', 8], ['胡', 8], ['杜', 8], ['闫', 8], ['宋', 8], ['段', 7], ['孟', 7], ['范', 7], ['董', 7], ['秦', 6],
  ['温', 6], ['常', 6], ['牛', 6], ['贺', 6], ['朱', 6], ['曹', 6], ['石', 6], ['许', 6], ['徐', 6], ['苏', 5],
  ['康', 5], ['崔', 5], ['安', 5], ['姚', 5], ['霍', 5], ['申', 4], ['卫', 4], ['阎', 3], ['原', 3], ['畅', 2],
  ['尉', 1], ['智', 1], ['邢', 3], ['岳', 3], ['翟', 3], ['雷', 3], ['吕', 4], ['路', 3], ['焦', 3], ['裴', 2],
  ['柴', 2], ['靳', 2], ['樊', 3], ['聂', 2], ['冀', 2], ['景', 2], ['成', 3], ['杭', 1], ['药', 1], ['暴', 1],
  ['上官', 0.3], ['欧阳', 0.2], ['司马', 0.1],
];

/** Given-name characters for people born before 1980 (the 建国/秀英/二虎 generations of a Shanxi village). */
// prettier-ignore
export const OLDER_MALE_CHARACTERS = [...'建国军民福贵根旺喜明华平刚斌海强忠志文学生成虎龙宝有金银全德胜林春保青山元'];
// prettier-ignore
export const OLDER_FEMALE_CHARACTERS = [...'秀英兰梅桂花芳玉凤珍荣娥莲翠琴霞香爱巧云彩玲娟美叶改枝'];
/** … and for people born from 1980 on. */
// prettier-ignore
export const YOUNGER_MALE_CHARACTERS = [...'伟强磊涛鹏超亮杰俊波宇浩凯晨阳鑫飞帅博峰辉洋旭东瑞泽轩豪龙健'];
// prettier-ignore
export const YOUNGER_FEMALE_CHARACTERS = [...'娜敏静丽艳娟燕婷雪慧颖丹琳璐倩欣怡佳蕾晶露瑶悦婧妍洁茜红霞芳'];

/** Mobile number blocks (号段) of China Mobile, Unicom, Telecom and Broadnet: all 1[3-9]… as the plan allows. */
// prettier-ignore
export const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183',
  '184', '187', '188', '195', '197', '198', '130', '131', '132', '145', '155', '156', '166', '175', '176', '185',
  '186', '196', '133', '149', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199', '192',
];

/** 字号 (trade names) of employers. */
// prettier-ignore
export const TRADE_NAMES = [
  '鑫源', '华泰', '恒达', '宏远', '晋丰', '瑞祥', '鼎盛', '金泰', '永兴', '汇通', '兴业', '顺达', '众诚', '鸿运',
  '天宇', '盛世', '嘉禾', '富民', '新峰', '长城', '和信', '诚信', '中联', '伟业', '龙腾', '凯旋', '博远', '泰和',
];

/** Line of business of employers, weighted to the jobs rural labourers take. */
// prettier-ignore
export const EMPLOYER_TRADES: readonly (readonly [string, number])[] = [
  ['建筑工程', 20], ['建筑劳务', 10], ['物流', 8], ['餐饮管理', 8], ['物业管理', 7], ['家政服务', 6],
  ['电子科技', 6], ['机械制造', 5], ['食品', 5], ['煤业', 4], ['农业开发', 5], ['商贸', 5], ['保安服务', 4],
  ['汽车服务', 3], ['服装', 3], ['养殖', 3], ['环卫服务', 3], ['装饰工程', 4],
];

/** 个体经营: the small businesses of someone self-employed. */
// prettier-ignore
export const SMALL_BUSINESSES = [
  '便利店', '小卖部', '饭店', '面馆', '理发店', '养殖场', '农机维修部', '五金店', '蔬菜店', '快递代收点',
  '家电维修部', '服装店', '运输队', '粮油店', '农资店',
];

/** 致贫返贫风险类型 of a monitored household, as the 防返贫 system lists them (most frequent first). */
// prettier-ignore
export const RISK_TYPES: readonly (readonly [string, number])[] = [
  ['因病', 40], ['因残', 15], ['因学', 8], ['因务工就业不稳', 10], ['缺劳动力', 8], ['因意外事故', 6],
  ['因灾', 5], ['因产业项目失败', 3], ['住房出现安全问题', 2], ['其他', 3],
];
