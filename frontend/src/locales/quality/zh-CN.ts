/** 撤单质检。 */
const quality = {
  title: '撤单质检',
  intro: '不予受理、合并、撤回及承办单位退单的诉求按系统参数（撤单质检）抽样，由撤单质检员复核并给出结论。',
  filters: {
    status: '状态',
    event: '事件',
    verdict: '质检结论'
  },
  caseNo: '诉求编号',
  caseTitle: '诉求标题',
  enterprise: '企业',
  event: '事件',
  eventAt: '发生时间',
  eventReason: '事件理由',
  actor: '操作人',
  region: '所属区域',
  unit: '责任单位',
  noUnit: '受理环节（未交办）',
  status: '状态',
  sampledBy: '抽中依据',
  sampledByKinds: {
    all: '全部抽取',
    random: '随机抽取',
    source: '来源规则',
    unit_returns: '单位退单规则'
  },
  verdict: '质检结论',
  remarks: '质检意见',
  remarksHint: '不合格或需整改时必填，将通知责任单位',
  reviewer: '质检人',
  reviewedAt: '质检时间',
  review: '质检',
  view: '查看',
  empty: '暂无质检样本',
  drawer: {
    title: '撤单质检 · {no}',
    caseInfo: '诉求信息',
    timeline: '办理过程',
    form: '质检结论',
    submit: '提交结论',
    done: '已提交质检结论',
    stale: '样本已被他人更新，已重新加载',
    occurrence: '第{n}次'
  },
  stats: {
    title: '撤单质检统计',
    candidates: '候选件数',
    sampled: '抽中',
    reviewed: '已质检',
    unqualified: '不合格',
    rectify: '需整改',
    samplingRate: '抽样率',
    reviewRate: '质检完成率',
    unqualifiedRate: '不合格率',
    byRegion: '按县区',
    byUnit: '按责任单位',
    none: '本期无撤单质检数据'
  }
}

export default quality
