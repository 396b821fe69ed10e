/** 工作报告与一企一档页面的文字（简体中文）。 */
const reports = {
  menu: { workReport: '工作报告', profile: '一企一档' },
  period: '报告期间',
  region: '报告区域',
  regionHint: '默认本人所在区域',
  load: '生成报告',
  download: '下载 DOCX',
  downloaded: '已下载 {name}',
  editText: '编辑文稿',
  preview: '报告预览',
  figures: '图表数据',
  missing: '缺数清单',
  missingCount: '{n} 处缺数',
  noMissing: '所有图表均有数据',
  missingText: '（暂无数据）',
  missingHint: '缺数的图表在报告中显示为“（暂无数据）”，不以 0 代替。点击报告中的数字可打开对应记录。',
  serviceDown: '{service}暂不可用：{reason}',
  templates: { annual: '年度报告', short: '季度/月度报告' },
  defaultText: '默认文稿',
  editedBy: '{who} 编辑于 {at}',
  columns: {
    rows: '序号',
    name: '指标',
    value: '数值',
    yoy: '同比',
    mom: '环比',
    rank: '位次',
    source: '来源',
    reason: '原因',
    placeholder: '占位符'
  },
  rankText: '第{rank}位（共{of}）',
  openRecords: '查看记录',
  textHelp: '第一行为标题；以“一、”“（一）”开头的段落按公文层次排版；双花括号内为图表占位符：键、键.yoy（同比）、键.mom（环比）、键.rank（位次）。',
  saved: '文稿已保存',
  profile: {
    title: '一企一档',
    docx: '导出 DOCX',
    printedAt: '打印时间 {at}',
    open: '一企一档',
    directory: '名录信息',
    partMissing: '{title}：{reason}',
    missingAlert: '部分数据暂不可用',
    empty: '暂无记录',
    total: '共 {n} 条',
    columns: {
      pairings: { person_name: '包联人', kind: '类型', start_date: '开始日期', end_date: '结束日期' },
      visits: { visit_date: '走访日期', visitors: '走访人', notes: '情况' },
      cases: { case_no: '编号', title: '诉求', state: '状态', warning_level: '预警', created_at: '登记时间' },
      projects: { code: '项目编号', name: '项目名称', stage: '阶段', contracted_investment_wan_yuan: '总投资（万元）' },
      foreign_enterprise: { name: '企业名称', investor_country_region: '投资方', established_on: '设立日期' },
      foreign_capital: { month: '月份', caliber: '口径', amount_wan_usd: '金额（万美元）' },
      fund_grants: { enterprise_name: '企业', amount_wan_yuan: '金额（万元）', approved_on: '批准日期', disbursed_on: '拨付日期' },
      fairs: { name: '展会', mode: '形式', starts_on: '开始', ends_on: '结束' },
      export_registrations: { product: '产品', destination_country: '目的国家或地区', registered_on: '注册日期', first_exported_on: '首次出口' },
      shipments: { shipped_on: '发运日期', product: '产品', train_no: '班列', goods_value_wan_yuan: '货值（万元）' }
    },
    parts: {
      pairings: '包联',
      visits: '走访',
      cases: '诉求',
      projects: '招商项目',
      foreign_enterprise: '外资企业',
      foreign_capital: '实际吸收外资',
      fund_grants: '外贸政策资金',
      fairs: '参加展会',
      export_registrations: '出口注册备案',
      shipments: '监管出口'
    }
  }
}

export default reports
