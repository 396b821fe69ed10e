import type handling from './zh-CN'

/** The routing catalogue and duplicates. */
const en: typeof handling = {
  required: 'Required',
  routing: {
    title: 'Routing catalogue',
    intro: 'Kept by the city bureau: by category, keywords and region, the proposed lead and co-units with the unit duty they rest on; counties read it.',
    add: 'New rule',
    edit: 'Edit rule',
    name: 'Rule name',
    category: 'Category',
    anyCategory: 'Any category',
    keywords: 'Keywords',
    keywordsHint: 'Press Enter after each; any one matches, none means any text',
    region: 'Region',
    leadUnit: 'Proposed lead unit',
    coUnits: 'Proposed co-units',
    dutyBasis: 'Duty basis',
    dutyBasisHint: 'The unit duty text it rests on',
    priority: 'Priority',
    active: 'Active',
    inactive: 'Inactive',
    readOnly: 'Rules are kept by the city bureau; read only here',
    deleteConfirm: 'Delete rule “{name}”? Assignments it proposed keep their record.',
    empty: 'No rules',
    stats: {
      title: 'Proposals taken and returns',
      period: 'Period',
      acceptance: 'Share of proposals taken',
      returnRate: 'Return rate',
      proposed: 'Assigned from a proposal',
      accepted: 'Taken',
      overridden: 'Overridden',
      returned: 'Returned',
      rule: 'Rule',
      none: 'No assignment from a proposal in this period'
    },
    proposals: {
      title: 'Proposed units',
      none: 'No rule of the catalogue applies; choose the units.',
      apply: 'Use',
      applied: 'Used',
      score: 'Score {n}',
      overrideNote: 'Choosing other units counts as an override of the top proposal.'
    }
  },
  duplicate: {
    similarTitle: 'Similar cases',
    intakeTitle: 'Possible duplicates',
    intakeHint: 'Open or recent cases of the same enterprise or with similar text; check before registering.',
    none: 'No similar case',
    similarity: 'Similarity',
    sameEnterprise: 'Same enterprise',
    linked: 'Linked',
    methods: { pg_trgm: 'Database trigram similarity', python: 'Trigram similarity in the service' },
    basis: 'Threshold {threshold}; finished cases compared only when registered in the last {days} days',
    linkRelated: 'Link',
    linkDuplicate: 'Mark as repeat',
    mergeInto: 'Merge into it',
    linkDone: 'Linked',
    linksTitle: 'Linked cases',
    noLinks: 'No linked case',
    directions: {
      duplicate: { outgoing: 'Repeats', incoming: 'Repeated by' },
      related: { outgoing: 'Related', incoming: 'Related' },
      split: { outgoing: 'Split from', incoming: 'Split into' }
    },
    split: 'Split',
    splitTitle: 'Split the case',
    splitHint: 'A submission with several matters becomes several cases, each assigned and timed on its own; the original stays, linked.',
    part: 'Matter {n}',
    addPart: 'Add a matter',
    partTitle: 'Title',
    partDescription: 'Description',
    partCategory: 'Category (default: the original’s)',
    splitDone: 'Split into {n} cases',
    repeatRate: 'Repeat rate',
    repeatCaption: 'Cases registered in the period linked as repeats or merged ÷ cases registered in the period'
  },
  rates: {
    title: 'Assignment quality',
    fraction: '{num} / {den}',
    noData: 'No data'
  }
}

export default en
