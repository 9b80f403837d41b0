// Field descriptors of the generic forms (components/FieldsForm.vue):
// { key, label, type: text|textarea|number|select|evidence, required, options, default }.

// Initial values of a descriptor list.
export function fieldDefaults(fields) {
  return Object.fromEntries(fields.map((f) => [f.key, f.default ?? (f.type === 'number' || f.type === 'evidence' ? null : '')]))
}

// Trimmed values without empties, and { key: '必填' } for missing required ones.
export function cleanFields(fields, values) {
  const out = {}
  const errors = {}
  for (const f of fields) {
    const v = typeof values[f.key] === 'string' ? values[f.key].trim() : values[f.key]
    const empty = v === '' || v === null || v === undefined
    if (f.required && empty) errors[f.key] = '必填'
    if (!empty) out[f.key] = v
  }
  return { values: out, errors }
}
