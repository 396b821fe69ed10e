"""The permission catalogue (`module:resource:action`), one list for the gateway, the services and the SPA."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Permission:
    """A permission string with its Chinese label."""

    code: str
    label: str


MODULE_LABELS: dict[str, str] = {
    "system": "系统管理",
    "security": "安全管理",
    "audit": "审计",
    "enterprise": "企业名录",
    "dashboard": "工作台",
    "open": "开放接口",
    "investment": "招商引资",
    "case": "诉求办理",
    "trade": "对外经贸",
    "report": "工作报告",
}

RESOURCE_LABELS: dict[str, str] = {
    "system:user": "用户",
    "system:unit": "单位",
    "system:region": "行政区划",
    "system:client": "接入客户端",
    "system:role": "角色",
    "system:session": "在线用户",
    "system:monitor": "服务监控",
    "system:job": "定时任务",
    "system:dictionary": "业务字典",
    "system:parameter": "系统参数",
    "system:notice": "通知公告",
    "audit:log": "审计日志",
    "audit:signin": "登录日志",
    "enterprise:enterprise": "企业",
    "enterprise:contact": "企业联系方式",
    "dashboard:stats": "统计",
    "open:enterprise": "企业数据同步",
    "investment:project": "招商项目",
    "investment:round": "“三个一批”批次",
    "investment:funds": "到位资金",
    "investment:foreign": "外资企业与实际吸收外资",
    "investment:bulletin": "全省通报",
    "investment:stats": "招商引资指标",
    "investment:dictionary": "产业链字典",
    "open:investment": "招商引资数据同步",
    "trade:labour": "对外劳务合作",
    "trade:worker": "外派劳务人员个人信息",
    "trade:fund": "外贸政策资金",
    "trade:fair": "展会与外贸培训",
    "trade:export": "出口备案与监管出口",
    "trade:statistics": "外贸统计与通报",
    "trade:domestic": "内贸流通",
    "trade:ecommerce": "电子商务进农村",
    "trade:indicator": "对外经贸指标",
    "open:trade": "对外经贸数据同步",
    "case:pairing": "包联关系",
    "case:visit": "走访记录",
    "case:policy": "政策文件",
    "case:staff": "活动抽调人员",
    "case:stats": "诉求统计",
    "case:report": "工作调度报表",
    "open:visit": "走访记录同步",
    "open:pairing": "包联关系同步",
    "case:case": "诉求",
    "case:category": "诉求分类",
    "case:supervision": "督办单",
    "case:notification": "消息",
    "case:attachment": "诉求附件",
    "case:routing": "交办规则目录",
    "case:knowledge": "知识库",
    "case:quality": "撤单质检",
    "open:case": "诉求数据同步",
    "report:figures": "工作报告数据",
    "report:document": "工作报告文稿",
}

CATALOGUE: tuple[Permission, ...] = (
    Permission("system:user:list", "查看用户"),
    Permission("system:user:create", "新增用户"),
    Permission("system:user:update", "修改、停用、重置密码"),
    Permission("system:unit:list", "查看单位"),
    Permission("system:unit:create", "新增单位"),
    Permission("system:unit:update", "修改单位"),
    Permission("system:region:list", "查看行政区划"),
    Permission("system:client:list", "查看接入客户端"),
    Permission("system:client:create", "新增接入客户端"),
    Permission("system:client:update", "停用接入客户端"),
    Permission("system:role:list", "查看角色"),
    Permission("system:role:update", "修改角色权限与数据范围"),
    Permission("system:session:list", "查看在线用户"),
    Permission("system:session:revoke", "强制下线"),
    Permission("system:monitor:read", "查看服务监控"),
    Permission("system:job:list", "查看定时任务与运行记录"),
    Permission("system:job:operate", "暂停、恢复、立即执行定时任务"),
    Permission("system:dictionary:update", "修改业务字典"),
    Permission("system:parameter:list", "查看系统参数"),
    Permission("system:parameter:update", "修改系统参数"),
    Permission("system:notice:list", "查看通知公告与阅读情况"),
    Permission("system:notice:manage", "起草、发布、撤回通知公告"),
    Permission("audit:log:list", "查询审计日志"),
    Permission("audit:signin:list", "查询、导出登录日志"),
    Permission("enterprise:enterprise:list", "查看企业名录"),
    Permission("enterprise:enterprise:read", "查看企业详情"),
    Permission("enterprise:enterprise:create", "新增企业"),
    Permission("enterprise:enterprise:update", "修改企业"),
    Permission("enterprise:enterprise:delete", "删除企业"),
    Permission("enterprise:contact:read", "查看企业联系电话"),
    Permission("dashboard:stats:read", "查看统计"),
    Permission("dashboard:cockpit:read", "查看领导驾驶舱(大屏)"),
    Permission("open:enterprise:read", "同步企业数据（只读）"),
    Permission("investment:project:list", "查看招商项目、“三个一批”批次与到位资金"),
    Permission("investment:project:manage", "录入、修改、导入招商项目，变更项目阶段，填报推进情况"),
    Permission("investment:round:manage", "维护“三个一批”批次"),
    Permission("investment:funds:manage", "填报与更正到位资金"),
    Permission("investment:foreign:list", "查看外资企业、走访与实际吸收外资"),
    Permission("investment:foreign:manage", "维护外资企业、白名单、首席服务官、走访与实际吸收外资"),
    Permission("investment:bulletin:import", "导入全省通报"),
    Permission("investment:stats:read", "查看招商引资指标、通报与全省位次"),
    Permission("investment:dictionary:manage", "维护产业链字典"),
    Permission("open:investment:read", "同步招商引资数据（只读）"),
    Permission("trade:labour:list", "查看劳务合作项目、外派人员（个人信息脱敏）、批次与交流活动"),
    Permission("trade:labour:manage", "登记外派人员、变更状态，维护项目、批次与交流活动"),
    Permission("trade:worker:pii", "查看外派人员姓名、身份证号、护照号明文"),
    Permission("trade:fund:list", "查看外贸政策资金"),
    Permission("trade:fund:manage", "维护外贸政策资金项目与拨付"),
    Permission("trade:fair:list", "查看展会、参展企业与外贸培训"),
    Permission("trade:fair:manage", "维护展会、参展企业与外贸培训"),
    Permission("trade:export:list", "查看出口注册备案与监管出口批次"),
    Permission("trade:export:manage", "维护出口注册备案与监管出口批次"),
    Permission("trade:statistics:list", "查看外贸统计与通报"),
    Permission("trade:statistics:manage", "录入、导入外贸统计与通报"),
    Permission("trade:domestic:list", "查看促销活动、内贸荣誉与步行街改造"),
    Permission("trade:domestic:manage", "维护促销活动、内贸荣誉与步行街改造"),
    Permission("trade:ecommerce:list", "查看电子商务进农村"),
    Permission("trade:ecommerce:manage", "维护电子商务进农村"),
    Permission("trade:indicator:read", "查看对外经贸指标"),
    Permission("open:trade:read", "同步对外经贸数据（只读，不含个人信息）"),
    Permission("case:pairing:list", "查看包联关系与我的包联企业"),
    Permission("case:pairing:manage", "维护包联关系"),
    Permission("case:visit:list", "查看走访记录"),
    Permission("case:visit:manage", "登记走访记录、问题转诉求"),
    Permission("case:policy:list", "查看政策文件"),
    Permission("case:policy:manage", "维护政策文件"),
    Permission("case:staff:list", "查看活动抽调人员"),
    Permission("case:staff:manage", "维护活动抽调人员"),
    Permission("case:stats:read", "查看诉求统计与活动数据"),
    Permission("case:report:read", "查看与导出工作调度报表"),
    Permission("open:visit:read", "同步走访记录（只读）"),
    Permission("open:pairing:read", "同步包联关系（只读）"),
    Permission("case:case:list", "查看诉求列表"),
    Permission("case:case:read", "查看诉求详情、办理过程与附件"),
    Permission("case:case:create", "登记、提交诉求"),
    Permission("case:case:update", "修改交办前的诉求登记信息"),
    Permission("case:case:accept", "受理、不予受理、合并、即问即答"),
    Permission("case:case:assign", "交办诉求、审批退回申请"),
    Permission("case:case:handle", "签收、反馈、申请退回或延期、转长期跟踪、提交办理结果（牵头单位）"),
    Permission("case:case:review", "审核办理结果、审批延期、提请会商"),
    Permission("case:case:decide", "会商决定"),
    Permission("case:case:rate", "回访评价"),
    Permission("case:case:close", "销号、重新办理"),
    Permission("case:category:manage", "维护诉求分类"),
    Permission("case:supervision:list", "查看督办单"),
    Permission("case:supervision:issue", "签发督办单"),
    Permission("case:supervision:reply", "回复督办单"),
    Permission("case:notification:read", "查看消息"),
    Permission("case:attachment:upload", "上传诉求附件"),
    Permission("case:routing:list", "查看交办规则目录"),
    Permission("case:routing:manage", "维护交办规则目录（市局）"),
    Permission("case:knowledge:list", "查看、检索知识库问答（企业只见已发布）"),
    Permission("case:knowledge:edit", "维护知识库问答：收录、编辑、发布、停用（县区只维护本县区的）"),
    Permission("case:quality:list", "查看撤单质检样本"),
    Permission("case:quality:review", "录入撤单质检结论"),
    Permission("open:case:read", "同步诉求数据（只读）"),
    Permission("report:figures:read", "查看工作报告数据，预览与下载工作报告"),
    Permission("report:document:manage", "编辑工作报告文稿"),
)

ALL_CODES: frozenset[str] = frozenset(p.code for p in CATALOGUE)


def permission_tree() -> list[dict[str, object]]:
    """The catalogue as module → resource → action, for the role editor (leaves name their sensitivity)."""
    modules: dict[str, dict[str, list[Permission]]] = {}
    for perm in CATALOGUE:
        module, resource, _ = perm.code.split(":")
        modules.setdefault(module, {}).setdefault(f"{module}:{resource}", []).append(perm)
    return [
        {
            "code": module,
            "label": MODULE_LABELS.get(module, module),
            "children": [
                {
                    "code": res,
                    "label": RESOURCE_LABELS.get(res, res),
                    "children": [{"code": p.code, "label": p.label, "sensitive": sensitivity(p.code)} for p in perms],
                }
                for res, perms in resources.items()
            ],
        }
        for module, resources in modules.items()
    ]


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """A built-in role: code, Chinese name, data scope and permissions."""

    code: str
    name: str
    data_scope: str
    permissions: tuple[str, ...]


_ENTERPRISE_READ = ("enterprise:enterprise:list", "enterprise:enterprise:read")
_ENTERPRISE_WRITE = ("enterprise:enterprise:create", "enterprise:enterprise:update")
_INVESTMENT_READ = ("investment:project:list", "investment:foreign:list", "investment:stats:read")
_INVESTMENT_MANAGE = ("investment:project:manage", "investment:funds:manage", "investment:foreign:manage")
# Rounds, bulletins and the industry dictionary are the city bureau's: counties enter projects and figures.
_INVESTMENT_CITY = ("investment:round:manage", "investment:bulletin:import", "investment:dictionary:manage")
_CAMPAIGN_READ = (
    "case:pairing:list",
    "case:visit:list",
    "case:policy:list",
    "case:staff:list",
    "case:stats:read",
    "case:report:read",
)
_CAMPAIGN_MANAGE = ("case:pairing:manage", "case:visit:manage", "case:policy:manage", "case:staff:manage")
_CASE_READ = ("case:case:list", "case:case:read", "case:notification:read")
_CASE_OFFICER = (
    "case:case:create",
    "case:case:update",
    "case:case:accept",
    "case:case:assign",
    "case:case:review",
    "case:case:close",
    "case:case:rate",
    "case:supervision:list",
    "case:attachment:upload",
    # The routing catalogue is the city's: every bureau reads it, the city officers alone maintain it.
    "case:routing:list",
    # The knowledge base: the city's answers hold city-wide, a county curates its own.
    "case:knowledge:list",
    "case:knowledge:edit",
    # Bureaus read the 撤单质检 samples of their region; only the 撤单质检员 records verdicts.
    "case:quality:list",
)
_TRADE_READ = (
    "trade:labour:list",
    "trade:fund:list",
    "trade:fair:list",
    "trade:export:list",
    "trade:statistics:list",
    "trade:domestic:list",
    "trade:ecommerce:list",
    "trade:indicator:read",
)
# The work report composes the services' figures as the caller; each service still checks its own part.
_REPORT_READ = ("report:figures:read",)
_REPORT_MANAGE = ("report:document:manage",)
_TRADE_MANAGE = (
    "trade:labour:manage",
    "trade:fund:manage",
    "trade:fair:manage",
    "trade:export:manage",
    "trade:statistics:manage",
    "trade:domestic:manage",
    "trade:ecommerce:manage",
)

#: What the province reads: everything a city leader reads, for every city of the province (no business write).
_PROVINCE_READ = (
    *_INVESTMENT_READ,
    *_ENTERPRISE_READ,
    "dashboard:stats:read",
    "dashboard:cockpit:read",
    *_CAMPAIGN_READ,
    *_CASE_READ,
    "case:supervision:list",
    "case:routing:list",
    "case:knowledge:list",
    *_TRADE_READ,
    *_REPORT_READ,
)
#: The province-level lists the 省商务厅's business office keeps (the services allow edits at the caller's level only).
PROVINCE_LIST_PERMISSIONS: tuple[str, ...] = (
    "case:category:manage",
    "investment:dictionary:manage",
    "investment:round:manage",
)

BUILTIN_ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        "system_admin",
        "系统管理员",
        "REGION_AND_BELOW",
        (
            "system:user:list",
            "system:user:create",
            "system:user:update",
            "system:unit:list",
            "system:unit:create",
            "system:unit:update",
            "system:region:list",
            "system:client:list",
            "system:client:create",
            "system:client:update",
            "system:role:list",
            "system:monitor:read",
            "system:job:list",
            "system:job:operate",
            "system:dictionary:update",
            "system:parameter:list",
            "system:parameter:update",
            "system:notice:list",
            "system:notice:manage",
        ),
    ),
    RoleSpec(
        "security_admin",
        "安全管理员",
        "REGION_AND_BELOW",
        ("system:role:list", "system:role:update", "system:user:list", "system:session:list", "system:session:revoke"),
    ),
    RoleSpec("auditor", "审计员", "REGION_AND_BELOW", ("audit:log:list", "audit:signin:list")),
    RoleSpec(
        "city_leader",
        "市局领导",
        "REGION_AND_BELOW",
        (
            *_INVESTMENT_READ,
            *_ENTERPRISE_READ,
            "dashboard:stats:read",
            "dashboard:cockpit:read",
            *_CAMPAIGN_READ,
            *_CASE_READ,
            "case:case:decide",
            "case:supervision:list",
            "case:supervision:issue",
            "case:routing:list",
            "case:knowledge:list",
            *_TRADE_READ,
            *_REPORT_READ,
        ),
    ),
    RoleSpec(
        "city_officer",
        "市局业务科室",
        "REGION_AND_BELOW",
        (
            *_INVESTMENT_READ,
            *_INVESTMENT_MANAGE,
            *_INVESTMENT_CITY,
            *_ENTERPRISE_READ,
            *_ENTERPRISE_WRITE,
            "enterprise:enterprise:delete",
            "enterprise:contact:read",
            "dashboard:stats:read",
            *_CAMPAIGN_READ,
            *_CAMPAIGN_MANAGE,
            *_CASE_READ,
            *_CASE_OFFICER,
            "case:category:manage",
            "case:routing:manage",
            *_TRADE_READ,
            *_TRADE_MANAGE,
            *_REPORT_READ,
            *_REPORT_MANAGE,
        ),
    ),
    RoleSpec(
        "county_officer",
        "县区商务局",
        "REGION_AND_BELOW",
        (
            *_INVESTMENT_READ,
            *_INVESTMENT_MANAGE,
            *_ENTERPRISE_READ,
            *_ENTERPRISE_WRITE,
            "enterprise:contact:read",
            "dashboard:stats:read",
            *_CAMPAIGN_READ,
            *_CAMPAIGN_MANAGE,
            *_CASE_READ,
            *_CASE_OFFICER,
            *_TRADE_READ,
            *_TRADE_MANAGE,
            # The county bureau writes its own work report (the county's figures in the county's words).
            *_REPORT_READ,
            *_REPORT_MANAGE,
            # The county bureau recruits and registers workers and files their passports for departure, so it
            # must read what it collected; nobody else sees workers' personal data in clear.
            "trade:worker:pii",
        ),
    ),
    # 省商务厅: its users sit at the province (410000), so they read every city of it; they change no business record.
    RoleSpec("province_leader", "省商务厅领导", "REGION_AND_BELOW", _PROVINCE_READ),
    RoleSpec("province_officer", "省商务厅业务处室", "REGION_AND_BELOW", (*_PROVINCE_READ, *PROVINCE_LIST_PERMISSIONS)),
    # 撤单质检员: reviews the rejected, merged, withdrawn and returned cases of its region (city: all; county: its own).
    RoleSpec(
        "quality_reviewer",
        "撤单质检员",
        "REGION_AND_BELOW",
        (*_CASE_READ, "case:stats:read", "case:quality:list", "case:quality:review"),
    ),
    RoleSpec(
        "unit_handler",
        "责任单位经办人",
        "UNIT",
        (
            "case:policy:list",
            "case:stats:read",
            *_CASE_READ,
            "case:case:handle",
            "case:attachment:upload",
            "case:supervision:list",
            "case:supervision:reply",
        ),
    ),
    RoleSpec(
        "enterprise_user",
        "企业用户",
        "SELF",
        (
            "enterprise:enterprise:read",
            "enterprise:contact:read",
            "case:policy:list",
            *_CASE_READ,
            "case:case:create",
            "case:case:rate",
            "case:attachment:upload",
            "case:knowledge:list",
        ),
    ),
)

#: Machine clients of provincial systems: read-only.
PROVINCE_CLIENT_PERMISSIONS: tuple[str, ...] = (
    "open:enterprise:read",
    "open:investment:read",
    "open:trade:read",
    "open:visit:read",
    "open:pairing:read",
    "open:case:read",
)

ROLES_BY_CODE: dict[str, RoleSpec] = {r.code: r for r in BUILTIN_ROLES}

# --- separation of duties (三员分立) and sensitive permissions ----------------------------------------

#: The three officers' roles: 系统管理员, 安全管理员, 审计员. Their accounts are managed on the server's command line.
OFFICER_ROLES: tuple[str, ...] = ("system_admin", "security_admin", "auditor")
OFFICER_ROLE_NAMES: dict[str, str] = {"system_admin": "系统管理员", "security_admin": "安全管理员", "auditor": "审计员"}
#: Permission families that belong to the three officers' duties only (never to a business role).
OFFICER_PERMISSION_PREFIXES: tuple[str, ...] = ("system:", "audit:")
#: Permissions that open personal data in clear (besides any `*:pii`): workers' identities, contacts' phones.
PERSONAL_DATA_PERMISSIONS: frozenset[str] = frozenset({"trade:worker:pii", "enterprise:contact:read"})
#: Permissions that administer roles: whoever holds one decides what everybody else may do.
ROLE_ADMIN_PERMISSIONS: frozenset[str] = frozenset({"system:role:update"})
#: Kinds of sensitive permissions with their Chinese names; each grant or revocation is audited on its own.
SENSITIVE_KINDS: dict[str, str] = {"personal_data": "个人信息", "audit": "审计", "role_admin": "角色管理"}


def is_officer_permission(code: str) -> bool:
    """Whether a permission belongs to the system, security or audit duties."""
    return code.startswith(OFFICER_PERMISSION_PREFIXES)


def is_personal_data(code: str) -> bool:
    """Whether a permission shows personal data in clear."""
    return code in PERSONAL_DATA_PERMISSIONS or code.endswith(":pii")


def sensitivity(code: str) -> str | None:
    """The kind of a sensitive permission (`personal_data`, `audit`, `role_admin`), or None."""
    if is_personal_data(code):
        return "personal_data"
    if code.startswith("audit:"):
        return "audit"
    if code in ROLE_ADMIN_PERMISSIONS:
        return "role_admin"
    return None


LABELS: dict[str, str] = {p.code: p.label for p in CATALOGUE}
