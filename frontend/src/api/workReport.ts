/** 工作报告（图表、预览、文稿、DOCX）与一企一档。 */
import { http } from '@/utils/http/client'
import { downloadFile } from '@/utils/download'
import type { BodyOf, ResponseOf } from './types'

export type ReportDocument = ResponseOf<'/api/v1/reports/document', 'get'>
export type ReportFigure = ReportDocument['figures'][number]
export type MissingFigure = ReportDocument['missing'][number]
export type ReportText = ResponseOf<'/api/v1/reports/text', 'get'>
export type ReportTextBody = BodyOf<'/api/v1/reports/text', 'put'>
export type EnterpriseProfile = ResponseOf<'/api/v1/enterprises/{enterprise_id}/profile', 'get'>
export type ProfilePart = EnterpriseProfile['parts'][number]

function params(period: string, region?: string | null): Record<string, string> {
  return region ? { period, region } : { period }
}

export async function reportDocument(period: string, region?: string | null): Promise<ReportDocument> {
  return (await http.get<ReportDocument>('/api/v1/reports/document', { params: params(period, region) })).data
}

export async function reportText(period: string, region?: string | null): Promise<{ text: ReportText; etag: string }> {
  const resp = await http.get<ReportText>('/api/v1/reports/text', { params: params(period, region) })
  return { text: resp.data, etag: String(resp.headers.etag ?? `"${resp.data.version}"`) }
}

export async function saveReportText(
  period: string,
  region: string | null | undefined,
  body: ReportTextBody,
  etag: string
): Promise<ReportText> {
  const resp = await http.put<ReportText>('/api/v1/reports/text', body, {
    params: params(period, region),
    headers: { 'If-Match': etag }
  })
  return resp.data
}

/** Downloads the report as DOCX through the authenticated client; resolves to the saved file name. */
export function downloadReportDocx(period: string, region?: string | null): Promise<string> {
  return downloadFile('/api/v1/reports/document.docx', `work-report-${period}.docx`, params(period, region))
}

export async function enterpriseProfile(id: number | string): Promise<EnterpriseProfile> {
  return (await http.get<EnterpriseProfile>(`/api/v1/enterprises/${encodeURIComponent(String(id))}/profile`)).data
}

/** 一企一档 as a DOCX (same content and scope as the page), saved under the server's name. */
export function downloadProfileDocx(id: number | string): Promise<string> {
  return downloadFile(`/api/v1/enterprises/${encodeURIComponent(String(id))}/profile/docx`, `一企一档-${id}.docx`)
}

/** The SPA route of the records behind a figure. */
export function figureRoute(figure: Pick<ReportFigure, 'provenance'>): { path: string; query: Record<string, string> } {
  return { path: figure.provenance.link.path, query: { ...figure.provenance.link.query } }
}

/** A figure as a line of text: value and unit, or the missing marker. */
export function figureValue(figure: Pick<ReportFigure, 'display' | 'unit' | 'missing'>, missingText: string): string {
  if (figure.missing || figure.display == null) return missingText
  return figure.unit && figure.unit !== '%' ? `${figure.display} ${figure.unit}` : `${figure.display}${figure.unit ?? ''}`
}
