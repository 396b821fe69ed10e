/** 知识库与即时解答。 */
const knowledge = {
  title: '知识库',
  intro: '收录即问即答和已办结诉求的答复，整理为可检索的问答；企业提交诉求时自动推送相关解答。市局的问答全市通用，县区维护本县区的问答。',
  readOnly: '已发布的常见问题解答。',
  add: '新增问答',
  edit: '编辑问答',
  fromCase: '收录到知识库',
  search: '检索问题',
  searchPlaceholder: '输入问题关键词，按相似度排序',
  question: '问题',
  answer: '解答',
  category: '诉求分类',
  tags: '标签',
  tagsPlaceholder: '输入标签后回车',
  policies: '关联政策',
  policiesPlaceholder: '选择关联的政策文件',
  region: '适用区域',
  status: '状态',
  statuses: { draft: '草稿', published: '已发布', retired: '已停用' },
  score: '相似度',
  source: '来源诉求',
  publish: '发布',
  retire: '停用',
  saveDraft: '保存草稿',
  savePublish: '保存并发布',
  published: '已发布',
  retired: '已停用',
  cityReadOnly: '市局问答，县区只读',
  empty: '暂无问答',
  panel: {
    title: '相关解答',
    hint: '以下解答可能已经回答了您的问题，看看是否能解决：',
    solved: '已解决，不再提交',
    stillSubmit: '仍需提交',
    thanks: '很高兴问题已解决，本次不再提交诉求。',
    dismissed: '已收起相关解答，请继续填写并提交。'
  },
  stats: {
    prevented: '即时解答拦截数',
    rate: '即时解答拦截率',
    caption: '选择“已解决，不再提交”的次数 ÷ 看到解答的提交次数(已解决 + 仍提交)'
  }
}

export default knowledge
