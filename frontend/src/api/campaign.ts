/** 包联、走访、政策文件与抽调人员（“万人助万企”活动台账）。 */
import { http } from '@/utils/http/client'
import { ifMatch, versionFromEtag } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type Pairing = ItemOf<'/api/v1/pairings'>
export type PairingPage = ResponseOf<'/api/v1/pairings', 'get'>
export type PairingQuery = QueryOf<'/api/v1/pairings', 'get'>
export type PairingCreate = BodyOf<'/api/v1/pairings', 'post'>
export type PairingUpdate = BodyOf<'/api/v1/pairings/{pairing_id}', 'patch'>
export type PairingKind = Pairing['kind']
export type MyEnterprises = ResponseOf<'/api/v1/pairings/mine', 'get'>
export type MyEnterprise = MyEnterprises['items'][number]

export type Visit = ItemOf<'/api/v1/visits'>
export type VisitPage = ResponseOf<'/api/v1/visits', 'get'>
export type VisitQuery = QueryOf<'/api/v1/visits', 'get'>
export type VisitCreate = BodyOf<'/api/v1/visits', 'post'>
export type VisitUpdate = BodyOf<'/api/v1/visits/{visit_id}', 'patch'>
export type VisitProblem = Visit['problems'][number]
export type VisitCaseCreate = BodyOf<'/api/v1/visits/{visit_id}/cases', 'post'>
export type VisitCaseCreated = ResponseOf<'/api/v1/visits/{visit_id}/cases', 'post'>
export type VisitPhoto = ResponseOf<'/api/v1/visits/{visit_id}/photos', 'post'>

export type Policy = ItemOf<'/api/v1/policies'>
export type PolicyPage = ResponseOf<'/api/v1/policies', 'get'>
export type PolicyQuery = QueryOf<'/api/v1/policies', 'get'>
export type PolicyCreate = BodyOf<'/api/v1/policies', 'post'>
export type PolicyUpdate = BodyOf<'/api/v1/policies/{policy_id}', 'patch'>
export type PolicyKind = Policy['kind']
export type PolicyConditions = ResponseOf<'/api/v1/policies/{policy_id}/conditions', 'get'>
export type PolicyConditionsBody = BodyOf<'/api/v1/policies/{policy_id}/conditions', 'put'>
export type PolicyMatchPage = ResponseOf<'/api/v1/policies/{policy_id}/matches', 'get'>
export type PolicyMatch = PolicyMatchPage['items'][number]
export type PolicyPushResult = ResponseOf<'/api/v1/policies/{policy_id}/pushes', 'post'>
export type PolicyPushStatistics = ResponseOf<'/api/v1/policies/{policy_id}/push-statistics', 'get'>
export type PolicyForMePage = ResponseOf<'/api/v1/policies/for-me', 'get'>
export type PolicyForMe = PolicyForMePage['items'][number]

export type Staff = ItemOf<'/api/v1/campaign-staff'>
export type StaffPage = ResponseOf<'/api/v1/campaign-staff', 'get'>
export type StaffQuery = QueryOf<'/api/v1/campaign-staff', 'get'>
export type StaffCreate = BodyOf<'/api/v1/campaign-staff', 'post'>
export type StaffUpdate = BodyOf<'/api/v1/campaign-staff/{staff_id}', 'patch'>
export type StaffGroup = Staff['group']
export type StaffSummary = ResponseOf<'/api/v1/campaign-staff/summary', 'get'>

export const PAIRING_KINDS: readonly PairingKind[] = ['leader', 'chief_service_officer', 'service_commissioner']
export const POLICY_KINDS: readonly PolicyKind[] = ['implementation_plan', 'measures', 'notice']
export const STAFF_GROUPS: readonly StaffGroup[] = ['task_force', 'coordination_group', 'other']

const seg = (value: string | number) => encodeURIComponent(String(value))

/** A versioned record: the body and the version to send back in `If-Match`. */
async function getVersioned<T extends { version: number }>(url: string): Promise<{ data: T; version: string }> {
  const res = await http.get<T>(url)
  return { data: res.data, version: versionFromEtag(res.headers['etag']) ?? String(res.data.version) }
}

async function create<T>(url: string, body: unknown, idempotencyKey: string): Promise<T> {
  return (await http.post<T>(url, body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

async function patch<T>(url: string, version: string | number, body: unknown): Promise<T> {
  return (await http.patch<T>(url, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

async function remove(url: string, version: string | number): Promise<void> {
  await http.delete(url, { headers: { 'If-Match': ifMatch(version) } })
}

// --- pairings -------------------------------------------------------------------------------------

export async function listPairings(query: PairingQuery): Promise<PairingPage> {
  return (await http.get<PairingPage>('/api/v1/pairings', { params: query })).data
}
export async function myEnterprises(): Promise<MyEnterprises> {
  return (await http.get<MyEnterprises>('/api/v1/pairings/mine')).data
}
export const getPairing = (id: number) => getVersioned<Pairing>(`/api/v1/pairings/${seg(id)}`)
export const createPairing = (body: PairingCreate, key: string) => create<Pairing>('/api/v1/pairings', body, key)
export const updatePairing = (id: number, version: string | number, body: PairingUpdate) =>
  patch<Pairing>(`/api/v1/pairings/${seg(id)}`, version, body)
export const deletePairing = (id: number, version: string | number) => remove(`/api/v1/pairings/${seg(id)}`, version)

// --- visits ---------------------------------------------------------------------------------------

export async function listVisits(query: VisitQuery): Promise<VisitPage> {
  return (await http.get<VisitPage>('/api/v1/visits', { params: query })).data
}
export const getVisit = (id: number) => getVersioned<Visit>(`/api/v1/visits/${seg(id)}`)
export const createVisit = (body: VisitCreate, key: string) => create<Visit>('/api/v1/visits', body, key)
export const updateVisit = (id: number, version: string | number, body: VisitUpdate) =>
  patch<Visit>(`/api/v1/visits/${seg(id)}`, version, body)
export const deleteVisit = (id: number, version: string | number) => remove(`/api/v1/visits/${seg(id)}`, version)
/** Turns a problem found on the visit into a case (source 走访发现). */
export const visitProblemToCase = (visitId: number, body: VisitCaseCreate, key: string) =>
  create<VisitCaseCreated>(`/api/v1/visits/${seg(visitId)}/cases`, body, key)

/** Adds a photo to a visit; the key makes a resend after a lost answer add nothing. */
export async function uploadVisitPhoto(visitId: number, photo: Blob, filename: string, key: string): Promise<VisitPhoto> {
  const form = new FormData()
  form.append('file', photo, filename)
  const res = await http.post<VisitPhoto>(`/api/v1/visits/${seg(visitId)}/photos`, form, {
    headers: { 'Idempotency-Key': key },
    timeout: 120_000
  })
  return res.data
}
export async function listVisitPhotos(visitId: number): Promise<VisitPhoto[]> {
  const res = await http.get<ResponseOf<'/api/v1/visits/{visit_id}/photos', 'get'>>(`/api/v1/visits/${seg(visitId)}/photos`)
  return res.data.items
}

// --- policy documents -----------------------------------------------------------------------------

export async function listPolicies(query: PolicyQuery): Promise<PolicyPage> {
  return (await http.get<PolicyPage>('/api/v1/policies', { params: query })).data
}
export const getPolicy = (id: number) => getVersioned<Policy>(`/api/v1/policies/${seg(id)}`)
export const createPolicy = (body: PolicyCreate, key: string) => create<Policy>('/api/v1/policies', body, key)
export const updatePolicy = (id: number, version: string | number, body: PolicyUpdate) =>
  patch<Policy>(`/api/v1/policies/${seg(id)}`, version, body)
export const deletePolicy = (id: number, version: string | number) => remove(`/api/v1/policies/${seg(id)}`, version)

// --- 政策找企业：conditions, matches, pushes, read receipts -------------------------------------------

export const getPolicyConditions = (id: number) => getVersioned<PolicyConditions>(`/api/v1/policies/${seg(id)}/conditions`)
export async function putPolicyConditions(id: number, version: string | number, body: PolicyConditionsBody): Promise<{ data: PolicyConditions; version: string }> {
  const res = await http.put<PolicyConditions>(`/api/v1/policies/${seg(id)}/conditions`, body, { headers: { 'If-Match': ifMatch(version) } })
  return { data: res.data, version: versionFromEtag(res.headers['etag']) ?? String(res.data.version) }
}
export async function listPolicyMatches(id: number, query: { page: number; page_size: number; pushed?: boolean }): Promise<PolicyMatchPage> {
  return (await http.get<PolicyMatchPage>(`/api/v1/policies/${seg(id)}/matches`, { params: query })).data
}
/** Push to the listed enterprises (all matches in scope when none are listed); a retry with the same key is safe. */
export async function pushPolicy(id: number, usccs: string[] | null, key: string): Promise<PolicyPushResult> {
  return (await http.post<PolicyPushResult>(`/api/v1/policies/${seg(id)}/pushes`, { usccs }, { headers: { 'Idempotency-Key': key } })).data
}
export async function policyPushStatistics(id: number): Promise<PolicyPushStatistics> {
  return (await http.get<PolicyPushStatistics>(`/api/v1/policies/${seg(id)}/push-statistics`)).data
}
export async function policiesForMe(query: { page: number; page_size: number }): Promise<PolicyForMePage> {
  return (await http.get<PolicyForMePage>('/api/v1/policies/for-me', { params: query })).data
}
export async function markPolicyRead(id: number): Promise<void> {
  await http.post(`/api/v1/policies/${seg(id)}/read`)
}

// --- campaign staff -------------------------------------------------------------------------------

export async function listStaff(query: StaffQuery): Promise<StaffPage> {
  return (await http.get<StaffPage>('/api/v1/campaign-staff', { params: query })).data
}
export async function staffSummary(period: string, regionCode?: string | null): Promise<StaffSummary> {
  const params: Record<string, string> = { period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<StaffSummary>('/api/v1/campaign-staff/summary', { params })).data
}
export const getStaff = (id: number) => getVersioned<Staff>(`/api/v1/campaign-staff/${seg(id)}`)
export const createStaff = (body: StaffCreate, key: string) => create<Staff>('/api/v1/campaign-staff', body, key)
export const updateStaff = (id: number, version: string | number, body: StaffUpdate) =>
  patch<Staff>(`/api/v1/campaign-staff/${seg(id)}`, version, body)
export const deleteStaff = (id: number, version: string | number) => remove(`/api/v1/campaign-staff/${seg(id)}`, version)
