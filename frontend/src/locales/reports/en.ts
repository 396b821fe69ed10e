import type zh from './zh-CN'

/** Work report and enterprise profile pages (English). */
const reports: typeof zh = {
  menu: { workReport: 'Work report', profile: 'Enterprise profile' },
  period: 'Period',
  region: 'Region',
  regionHint: 'Your own region by default',
  load: 'Generate',
  download: 'Download DOCX',
  downloaded: 'Downloaded {name}',
  editText: 'Edit text',
  preview: 'Preview',
  figures: 'Figures',
  missing: 'Missing figures',
  missingCount: '{n} missing',
  noMissing: 'Every figure has data',
  missingText: '(no data)',
  missingHint: 'A figure without data reads "(no data)" in the report, never 0. Click a number to open its records.',
  serviceDown: '{service} unavailable: {reason}',
  templates: { annual: 'Annual report', short: 'Quarterly / monthly report' },
  defaultText: 'Default text',
  editedBy: 'Edited by {who} at {at}',
  columns: {
    rows: 'Rows',
    name: 'Figure',
    value: 'Value',
    yoy: 'YoY',
    mom: 'MoM',
    rank: 'Rank',
    source: 'Source',
    reason: 'Reason',
    place: 'Place',
    excerpt: 'Context (□ marks the gap)'
  },
  rankText: '{rank} of {of}',
  openRecords: 'Records',
  textHelp: 'The first line is the title; paragraphs starting with 一、 or （一） are headings; a key in double braces is a figure, with .yoy, .mom or .rank for its comparisons.',
  saved: 'Text saved',
  profile: {
    title: 'Enterprise profile',
    docx: 'Export DOCX',
    printedAt: 'Printed at {at}',
    open: 'Profile',
    directory: 'Directory',
    partMissing: '{title}: {reason}',
    missingAlert: 'Some parts are unavailable',
    empty: 'No records',
    total: '{n} records',
    columns: {
      pairings: { person_name: 'Paired officer', kind: 'Kind', start_date: 'Start', end_date: 'End' },
      visits: { visit_date: 'Visit date', visitors: 'Visitors', notes: 'Notes' },
      cases: { case_no: 'No.', title: 'Problem', state: 'State', warning_level: 'Warning', created_at: 'Registered' },
      projects: { code: 'Code', name: 'Project', stage: 'Stage', contracted_investment_wan_yuan: 'Investment (10k CNY)' },
      foreign_enterprise: { name: 'Name', investor_country_region: 'Investor', established_on: 'Established' },
      foreign_capital: { month: 'Month', caliber: 'Caliber', amount_wan_usd: 'Amount (10k USD)' },
      fund_grants: { enterprise_name: 'Enterprise', amount_wan_yuan: 'Amount (10k CNY)', approved_on: 'Approved', disbursed_on: 'Disbursed' },
      fairs: { name: 'Fair', mode: 'Mode', starts_on: 'Starts', ends_on: 'Ends' },
      export_registrations: { product: 'Product', destination_country: 'Destination', registered_on: 'Registered', first_exported_on: 'First export' },
      shipments: { shipped_on: 'Shipped', product: 'Product', train_no: 'Train', goods_value_wan_yuan: 'Goods value (10k CNY)' }
    },
    parts: {
      pairings: 'Pairings',
      visits: 'Visits',
      cases: 'Cases',
      projects: 'Projects',
      foreign_enterprise: 'Foreign-invested enterprise',
      foreign_capital: 'Foreign capital',
      fund_grants: 'Policy funds',
      fairs: 'Trade fairs',
      export_registrations: 'Export registrations',
      shipments: 'Shipments'
    }
  }
}

export default reports
