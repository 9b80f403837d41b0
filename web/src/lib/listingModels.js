// The listing classifier's models (GET /api/v1/listing-models) as the
// lexicon page shows them: one row per model with its held-out measures.

export const MODEL_LABELS = [
  { key: 'wildlife', name: '野生动物' },
  { key: 'tool', name: '禁用工具' },
  { key: 'marketing', name: '违规营销' },
  { key: 'benign', name: '正常' },
]

const SOURCES = { decisions: '审核决定', labels: '标注文件', 'decisions+labels': '审核决定 + 标注文件' }

export function sourceLabel(source) {
  return SOURCES[source] || source || ''
}

// 0.953 → "0.953"; missing → "—".
export function measure(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '—'
}

export function modelRow(m) {
  const labels = m?.metrics?.labels || {}
  const f1 = {}
  const support = {}
  for (const { key } of MODEL_LABELS) {
    f1[key] = measure(labels[key]?.f1)
    support[key] = labels[key]?.support ?? 0
  }
  return {
    version: m.version,
    active: !!m.active,
    // Withdrawn (停用): its activation was switched off and none replaced it since.
    withdrawn: !m.active && !!m.deactivated_at,
    deactivatedAt: m.deactivated_at || '',
    source: sourceLabel(m.source),
    examples: m.examples ?? 0,
    holdout: m.holdout_examples ?? 0,
    accuracy: measure(m?.metrics?.accuracy),
    f1,
    support,
    seconds: typeof m.training_seconds === 'number' ? m.training_seconds.toFixed(1) : '—',
    sizeMiB: typeof m.model_size === 'number' ? (m.model_size / 1048576).toFixed(1) : '—',
    createdBy: m.created_by || '',
    createdAt: m.created_at || '',
  }
}

// The body of POST /api/v1/listing-models from the form.
export function trainingRequest(form) {
  const n = Number.parseInt(form?.minDecisions, 10)
  return { min_decisions: Number.isFinite(n) && n >= 0 ? n : 200, activate: !!form?.activate }
}

// What the page says about the model in force, from the list's
// active_version: with none, verdicts come from the rules alone.
export function modelInForce(list) {
  const version = list?.active_version || ''
  return version
    ? { version, text: `生效中的复核模型：${version}。各节点用它复核规则的候选。` }
    : { version: '', text: '当前没有生效中的复核模型：判定只依据规则。' }
}
