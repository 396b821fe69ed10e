/** Quality review of withdrawn cases. */
const quality = {
  title: 'Closure review',
  intro: 'Rejected, merged, withdrawn and returned cases are sampled by the system parameters (closure review) and reviewed by a quality reviewer.',
  filters: {
    status: 'Status',
    event: 'Event',
    verdict: 'Verdict'
  },
  caseNo: 'Case no.',
  caseTitle: 'Title',
  enterprise: 'Enterprise',
  event: 'Event',
  eventAt: 'Occurred',
  eventReason: 'Reason',
  actor: 'By',
  region: 'Region',
  unit: 'Responsible unit',
  noUnit: 'Intake (not assigned)',
  status: 'Status',
  sampledBy: 'Drawn by',
  sampledByKinds: {
    all: 'All',
    random: 'Random',
    source: 'Source rule',
    unit_returns: 'Unit returns rule'
  },
  verdict: 'Verdict',
  remarks: 'Remarks',
  remarksHint: 'Required unless it passes; the responsible unit is notified',
  reviewer: 'Reviewer',
  reviewedAt: 'Reviewed',
  review: 'Review',
  view: 'View',
  empty: 'No samples',
  drawer: {
    title: 'Closure review · {no}',
    caseInfo: 'Case',
    timeline: 'Handling',
    form: 'Verdict',
    submit: 'Submit verdict',
    done: 'Verdict recorded',
    stale: 'The sample was updated by someone else and has been reloaded',
    occurrence: 'No. {n}'
  },
  stats: {
    title: 'Closure review statistics',
    candidates: 'Candidates',
    sampled: 'Sampled',
    reviewed: 'Reviewed',
    unqualified: 'Failed',
    rectify: 'To rectify',
    samplingRate: 'Sampling rate',
    reviewRate: 'Review rate',
    unqualifiedRate: 'Failure rate',
    byRegion: 'By county',
    byUnit: 'By unit',
    none: 'No closure reviews in this period'
  }
}

export default quality
