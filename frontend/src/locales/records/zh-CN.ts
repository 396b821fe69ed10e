/** 通用记录表格与表单。 */
const records = {
  createTitle: '新增{what}',
  editTitle: '编辑{what}',
  deleteConfirm: '确定删除“{name}”吗？',
  required: '请填写{label}',
  integer: '{label}须为整数',
  min: '{label}不能小于 {min}',
  max: '{label}不能大于 {max}',
  decimal: '{label}须为不超过 {places} 位小数的非负数',
  tooLong: '{label}不能超过 {max} 个字符',
  uscc: '统一社会信用代码须为18位（数字或大写字母，不含 I、O、S、V、Z）',
  conflict: '该记录已被他人修改，已为您重新加载最新内容，请核对后再操作。',
  conflictTitle: '记录已变更'
}
export default records
