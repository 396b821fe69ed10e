/** 交办规则目录与重复诉求。 */
const handling = {
  required: '此项必填',
  routing: {
    title: '交办规则目录',
    intro: '市局维护：按诉求分类、关键词和适用区域建议牵头单位与配合单位，并注明所依据的单位职责；县区只读。',
    add: '新增规则',
    edit: '修改规则',
    name: '规则名称',
    category: '诉求分类',
    anyCategory: '不限分类',
    keywords: '关键词',
    keywordsHint: '输入后回车；命中任一即适用，不填为不限',
    region: '适用区域',
    leadUnit: '建议牵头单位',
    coUnits: '建议配合单位',
    dutyBasis: '职责依据',
    dutyBasisHint: '单位“三定”方案等职责条文',
    priority: '优先级',
    active: '启用',
    inactive: '停用',
    readOnly: '规则由市局维护，本单位只读',
    deleteConfirm: '确定删除规则“{name}”？已按其建议交办的记录仍保留。',
    empty: '暂无交办规则',
    stats: {
      title: '建议采纳与退单',
      period: '统计期间',
      acceptance: '建议采纳率',
      returnRate: '退单率',
      proposed: '按建议交办',
      accepted: '采纳',
      overridden: '改派',
      returned: '退单',
      rule: '规则',
      none: '本期没有按规则建议交办的诉求'
    },
    proposals: {
      title: '交办建议',
      none: '交办规则目录中没有适用于本诉求的规则，请直接选择承办单位。',
      apply: '采用建议',
      applied: '已采用',
      score: '匹配度 {n}',
      overrideNote: '未采用建议时，将按“改派”计入该规则的采纳率统计。'
    }
  },
  duplicate: {
    similarTitle: '相似诉求',
    intakeTitle: '可能重复的诉求',
    intakeHint: '同一企业或内容相近的在办、近期诉求，登记前请核对是否重复。',
    none: '未发现相似诉求',
    similarity: '相似度',
    sameEnterprise: '同一企业',
    linked: '已关联',
    methods: { pg_trgm: '数据库三元组相似度', python: '服务内三元组相似度' },
    basis: '相似度阈值 {threshold}；已办结的诉求只比对近 {days} 天登记的',
    linkRelated: '关联',
    linkDuplicate: '标记为重复',
    mergeInto: '合并到此件',
    linkDone: '已关联',
    linksTitle: '关联诉求',
    noLinks: '暂无关联诉求',
    directions: {
      duplicate: { outgoing: '本件重复了', incoming: '被重复' },
      related: { outgoing: '关联', incoming: '关联' },
      split: { outgoing: '拆分自', incoming: '拆分为' }
    },
    split: '拆分诉求',
    splitTitle: '拆分诉求',
    splitHint: '一件诉求包含多个事项时，拆为多件诉求，各自交办、各自计时；原诉求保留并与各件关联。',
    part: '事项 {n}',
    addPart: '增加事项',
    partTitle: '标题',
    partDescription: '内容',
    partCategory: '分类（不填沿用原诉求）',
    splitDone: '已拆分为 {n} 件诉求',
    repeatRate: '重复诉求率',
    repeatCaption: '期内登记的诉求中关联为重复或合并办理的件数 ÷ 期内登记件数'
  },
  rates: {
    title: '交办质量',
    fraction: '{num} / {den}',
    noData: '无数据'
  }
}

export default handling
