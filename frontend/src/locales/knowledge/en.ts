import type zhKnowledge from './zh-CN'

/** Knowledge base and instant answers. */
const knowledge: typeof zhKnowledge = {
  title: 'Knowledge base',
  intro: 'Answers of instant-answer and resolved cases, curated into searchable Q&A; enterprises see matching answers while submitting. The city\'s answers apply city-wide; a county curates its own.',
  readOnly: 'Published answers to common questions.',
  add: 'New entry',
  edit: 'Edit entry',
  fromCase: 'Add to knowledge base',
  search: 'Search',
  searchPlaceholder: 'Type a question; results ranked by similarity',
  question: 'Question',
  answer: 'Answer',
  category: 'Category',
  tags: 'Tags',
  tagsPlaceholder: 'Type a tag and press Enter',
  policies: 'Linked policies',
  policiesPlaceholder: 'Choose policy documents',
  region: 'Applies in',
  status: 'Status',
  statuses: { draft: 'Draft', published: 'Published', retired: 'Retired' },
  score: 'Similarity',
  source: 'Source case',
  publish: 'Publish',
  retire: 'Retire',
  saveDraft: 'Save draft',
  savePublish: 'Save and publish',
  published: 'Published',
  retired: 'Retired',
  cityReadOnly: 'City entry, read-only for counties',
  empty: 'No entries',
  panel: {
    title: 'Related answers',
    hint: 'These answers may already answer your question:',
    solved: 'Solved, no need to submit',
    stillSubmit: 'Still submit',
    thanks: 'Glad it is solved; nothing was submitted.',
    dismissed: 'Answers hidden; please go on and submit.'
  },
  stats: {
    prevented: 'Submissions prevented',
    rate: 'Instant-answer rate',
    caption: '"Solved, no need to submit" ÷ forms that showed answers (solved + still submitted)'
  }
}

export default knowledge
