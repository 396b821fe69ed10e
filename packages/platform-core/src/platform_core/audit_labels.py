"""Chinese names of the audit log's action codes and object types, as the auditor reads them.

Every service writes its codes (`user.create`, `case.accept`, `fund_grant.update`); the log shows the name
beside nothing else, so a code without a name here would reach the auditor as an English identifier. The
platform-core test `test_audit_labels` finds every code the apps write and fails on one without a name.
"""

from __future__ import annotations

#: Object types (an entry's `entity_type`, and the prefix of the record kit's `<name>.create/update/delete`).
ENTITY_LABELS: dict[str, str] = {
    # gateway
    "user": "用户",
    "role": "角色",
    "unit": "单位",
    "client": "接入客户端",
    "machine_client": "接入客户端",
    "session": "会话",
    "user_session": "登录会话",
    "job": "定时任务",
    "refresh_token_family": "登录令牌",
    "auth": "登录认证",
    "report": "工作报告",
    "report_text": "工作报告文字",
    "seed": "演示数据",
    "enumeration_item": "业务字典项",
    "notice": "通知公告",
    "notice_attachment": "通知公告附件",
    # every app: its 系统参数 (platform_core.parameters)
    "parameter": "系统参数",
    # case service
    "enterprise": "企业",
    "case": "诉求",
    "case_attachment": "诉求附件",
    "case_category": "诉求分类",
    "attachment": "附件",
    "supervision": "督办",
    "supervision_order": "督办单",
    "visit": "走访",
    "visit_photo": "走访照片",
    "pairing": "包联关系",
    "policy": "政策文件",
    "policy_document": "政策文件",
    "policy_conditions": "政策适用条件",
    "staff": "抽调人员",
    "case_view": "诉求视图",
    "revisit_link": "回访评价链接",
    "routing_rule": "交办规则",
    "knowledge_entry": "知识库问答",
    "knowledge_outcome": "即时解答结果",
    "quality_sample": "撤单质检样本",
    "campaign_staff": "抽调人员",
    "campaign": "万人助万企活动",
    # investment service
    "project": "招商项目",
    "project_fund": "项目到位资金",
    "fund": "到位资金",
    "round": "三个一批",
    "foreign_enterprise": "外资企业",
    "foreign_capital": "实际吸收外资",
    "bulletin": "通报数据",
    # trade service
    "trade": "对外经贸",
    "labour_program": "劳务合作项目",
    "labour_batch": "派出批次",
    "labour_exchange_event": "劳务交流活动",
    "labour_worker": "外派劳务人员",
    "labour_brand": "涉外劳务品牌",
    "fund_program": "政策资金项目",
    "fund_grant": "资金拨付",
    "trade_fair": "展会",
    "trade_fair_participant": "参展企业",
    "trade_training": "外贸培训",
    "export_registration": "出口注册备案",
    "export_shipment": "监管出口批次",
    "foreign_trade_stat": "外贸进出口月度统计",
    "promotion_event": "促销活动",
    "commerce_honour": "内贸荣誉",
    "street_renovation": "步行街改造",
    "ecommerce_demo_county": "电商综合示范县",
    "ecommerce_village_coverage": "电商站点与快递覆盖",
    "ecommerce_public_brand": "农产品公共品牌",
    "ecommerce_training": "电商培训",
}

#: The record kit's verbs: `<type>.create` reads 新增<type name>.
VERB_LABELS: dict[str, str] = {"create": "新增", "update": "修改", "delete": "删除", "import": "导入", "export": "导出"}

#: Codes whose name is not verb + object.
ACTION_LABELS: dict[str, str] = {
    # gateway: accounts, roles, sign-in
    "user.assign_roles": "分配角色",
    "user.disable": "停用用户",
    "user.enable": "启用用户",
    "user.unlock": "解除登录锁定",
    "user.reset_password": "重置密码",
    "user.notification_settings": "修改消息接收设置",
    "role.sensitive_grant": "授予敏感权限",
    "role.sensitive_revoke": "收回敏感权限",
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.password_change": "修改密码",
    "auth.refresh_reused": "登录令牌被重复使用",
    "auth.client_token": "接入客户端取令牌",
    "client.enable": "启用接入客户端",
    "client.disable": "停用接入客户端",
    "session.revoke": "强制下线",
    "job.pause": "暂停定时任务",
    "job.resume": "恢复定时任务",
    "job.run": "立即执行定时任务",
    "report.text.update": "修改工作报告文字",
    "seed.demo": "载入演示数据",
    "notice.publish": "发布通知公告",
    "notice.withdraw": "撤回通知公告",
    "notice.read": "阅读通知公告",
    "notice_attachment.upload": "上传通知公告附件",
    # case service: the lifecycle actions (`case.<action>`), supervision, visits
    "case.accept": "受理诉求",
    "case.reject": "不予受理",
    "case.merge": "合并诉求",
    "case.link_related": "关联诉求",
    "case.link_duplicate": "标记重复诉求",
    "case.link_split": "关联拆分来源",
    "case.split": "拆分诉求",
    "quality_sample.draw": "抽取撤单质检样本",
    "quality_sample.review": "录入撤单质检结论",
    "case.pause": "暂停计时（等待企业补充材料）",
    "case.resume": "恢复计时",
    "case.supply_material": "企业补充材料",
    "case.urge": "催办",
    "case.answer_now": "即问即答",
    "case.assign": "交办诉求",
    "case.sign": "签收诉求",
    "case.request_return": "申请退回",
    "case.approve_return": "同意退回",
    "case.deny_return": "不同意退回",
    "case.feedback": "进展反馈",
    "case.request_extension": "申请延期",
    "case.approve_extension": "同意延期",
    "case.deny_extension": "不同意延期",
    "case.escalate": "提请会商",
    "case.decide": "会商决定",
    "case.long_term": "转长期跟踪",
    "case.submit_result": "提交办理结果",
    "case.approve_result": "审核通过办理结果",
    "case.send_back": "退回重办",
    "case.revisit": "回访评价",
    "revisit_link.issue": "发送回访评价链接",
    "case.close": "诉求销号",
    "case.reopen": "重新办理诉求",
    "supervision.issue": "签发督办单",
    "supervision.reply": "回复督办单",
    "visit.problem_to_case": "走访问题转诉求",
    "visit.photo_upload": "上传走访照片",
    "attachment.upload": "上传附件",
    "policy.push": "推送政策",
    "policy.read": "阅读推送政策",
    # investment service
    "project.progress": "填报项目进展",
    "project.stage": "推进项目阶段",
    "fund.correct": "更正到位资金",
    "foreign_enterprise.visit": "走访外资企业",
    # trade service: a worker's status moves (`labour_worker.<status>`)
    "labour_worker.registered": "外派劳务人员登记",
    "labour_worker.trained": "外派劳务人员培训",
    "labour_worker.departed": "外派劳务人员出境",
    "labour_worker.returned": "外派劳务人员回国",
}


def entity_label(entity_type: str) -> str | None:
    """The Chinese name of an audited object type, or None when it has none."""
    return ENTITY_LABELS.get(entity_type)


def action_label(action: str) -> str | None:
    """The Chinese name of an audit action code, or None when it has none."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    # The record kit writes `<type>.<verb>`: named by the verb and the type.
    prefix, _, verb = action.rpartition(".")
    if verb in VERB_LABELS and prefix in ENTITY_LABELS:
        return VERB_LABELS[verb] + ENTITY_LABELS[prefix]
    return None
