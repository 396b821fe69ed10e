/** The project form: its model, the create and update bodies, list filters → query. */
import type {
  Category,
  InvestorOrigin,
  Project,
  ProjectCreate,
  ProjectQuery,
  ProjectUpdate,
  Stage
} from '@/api/investment'

export interface ProjectFormModel {
  code: string
  name: string
  investor_name: string
  investor_origin: InvestorOrigin
  investor_province_code: string
  investor_country_region: string
  investor_uscc: string
  category: Category
  region_code: string | null
  contracted_investment_wan_yuan: string
  industry: string
  industry_chain_code: string
  chief_service_officer: string
  description: string
  signed: boolean
  signed_date: string
  signed_evidence: string
  signed_round_id: number | null
}

/** Form item names, as the server names fields in its errors (`investor.name`, `signed.date`). */
export const PROJECT_FIELDS = [
  'code',
  'name',
  'investor',
  'investor.name',
  'investor.origin',
  'investor.province_code',
  'investor.country_region',
  'investor.uscc',
  'category',
  'region_code',
  'contracted_investment_wan_yuan',
  'industry',
  'industry_chain_code',
  'chief_service_officer',
  'description',
  'signed',
  'signed.date',
  'signed.evidence',
  'signed.round_id'
] as const

/** GB/T 2260 provinces, for an out-of-province investor's home province. */
export const PROVINCES: ReadonlyArray<readonly [string, string]> = [
  ['110000', '北京市'], ['120000', '天津市'], ['130000', '河北省'], ['140000', '山西省'], ['150000', '内蒙古自治区'],
  ['210000', '辽宁省'], ['220000', '吉林省'], ['230000', '黑龙江省'], ['310000', '上海市'], ['320000', '江苏省'],
  ['330000', '浙江省'], ['340000', '安徽省'], ['350000', '福建省'], ['360000', '江西省'], ['370000', '山东省'],
  ['420000', '湖北省'], ['430000', '湖南省'], ['440000', '广东省'], ['450000', '广西壮族自治区'], ['460000', '海南省'],
  ['500000', '重庆市'], ['510000', '四川省'], ['520000', '贵州省'], ['530000', '云南省'], ['540000', '西藏自治区'],
  ['610000', '陕西省'], ['620000', '甘肃省'], ['630000', '青海省'], ['640000', '宁夏回族自治区'], ['650000', '新疆维吾尔自治区']
]

export function emptyProjectForm(): ProjectFormModel {
  return {
    code: '',
    name: '',
    investor_name: '',
    investor_origin: 'out_of_province',
    investor_province_code: '',
    investor_country_region: '',
    investor_uscc: '',
    category: 'manufacturing',
    region_code: null,
    contracted_investment_wan_yuan: '',
    industry: '',
    industry_chain_code: '',
    chief_service_officer: '',
    description: '',
    signed: false,
    signed_date: '',
    signed_evidence: '',
    signed_round_id: null
  }
}

export function formFromProject(p: Project): ProjectFormModel {
  return {
    ...emptyProjectForm(),
    code: p.code,
    name: p.name,
    investor_name: p.investor.name,
    investor_origin: p.investor.origin,
    investor_province_code: p.investor.province_code ?? '',
    investor_country_region: p.investor.country_region ?? '',
    investor_uscc: p.investor.uscc ?? '',
    category: p.category,
    region_code: p.region_code,
    contracted_investment_wan_yuan: p.contracted_investment_wan_yuan,
    industry: p.industry ?? '',
    industry_chain_code: p.industry_chain_code ?? '',
    chief_service_officer: p.chief_service_officer ?? '',
    description: p.description ?? ''
  }
}

const blank = (value: string) => (value.trim() === '' ? null : value.trim())

function investorOf(form: ProjectFormModel): ProjectCreate['investor'] {
  // Only the field the origin needs is sent: a province for out-of-province, a country for foreign.
  return {
    name: form.investor_name.trim(),
    origin: form.investor_origin,
    province_code: form.investor_origin === 'out_of_province' ? blank(form.investor_province_code) : null,
    country_region: form.investor_origin === 'foreign' ? blank(form.investor_country_region) : null,
    uscc: blank(form.investor_uscc.toUpperCase())
  }
}

/** The amount as the decimal string the API reads (no float rounding on the way). */
export function amountText(value: string): string {
  return value.trim().replace(/,/g, '')
}

export function projectCreateBody(form: ProjectFormModel): ProjectCreate {
  const body: ProjectCreate = {
    code: form.code.trim(),
    name: form.name.trim(),
    investor: investorOf(form),
    category: form.category,
    region_code: form.region_code ?? '',
    contracted_investment_wan_yuan: amountText(form.contracted_investment_wan_yuan),
    industry: blank(form.industry),
    industry_chain_code: blank(form.industry_chain_code),
    chief_service_officer: blank(form.chief_service_officer),
    description: blank(form.description)
  }
  if (form.signed) {
    body.signed = { date: form.signed_date, evidence: blank(form.signed_evidence), round_id: form.signed_round_id }
  }
  return body
}

/** Only what changed (PATCH); an empty object when nothing did. */
export function projectUpdateBody(before: ProjectFormModel, after: ProjectFormModel): ProjectUpdate {
  const out: ProjectUpdate = {}
  const a = projectCreateBody({ ...after, signed: false })
  const b = projectCreateBody({ ...before, signed: false })
  for (const key of Object.keys(a) as Array<keyof typeof a>) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) (out as Record<string, unknown>)[key] = a[key]
  }
  return out
}

export interface ProjectSearch {
  q: string
  stage: Stage[]
  category: Category | ''
  origin: InvestorOrigin | ''
  region_code: string | null
  industry_chain_code: string
}

export function emptyProjectSearch(): ProjectSearch {
  return { q: '', stage: [], category: '', origin: '', region_code: null, industry_chain_code: '' }
}

/** Only the filters that are set, as the API names them. */
export function projectQuery(search: ProjectSearch, page: number, pageSize: number, sort?: string): ProjectQuery {
  const query: ProjectQuery = { page, page_size: pageSize }
  if (search.q.trim()) query.q = search.q.trim()
  if (search.stage.length) query.stage = [...search.stage]
  if (search.category) query.category = search.category
  if (search.origin) query.origin = search.origin
  if (search.region_code) query.region_code = search.region_code
  if (search.industry_chain_code) query.industry_chain_code = search.industry_chain_code
  if (sort) query.sort = sort
  return query
}
