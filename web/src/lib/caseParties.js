// Parties of a case (CaseParty in openapi.json): labels and the form's
// field descriptors (lib/fields.js, components/FieldsForm.vue), shared by
// 补充当事人 and the new-case form.
export const PARTY_ROLES = { suspect: '嫌疑人', witness: '证人', owner: '物主', victim: '受害人' }
export const PARTY_KINDS = { person: '自然人', organisation: '单位' }
const toOptions = (m) => Object.entries(m).map(([code, label]) => ({ code, label }))

export const PARTY_FIELDS = [
  { key: 'kind', label: '类型', type: 'select', options: toOptions(PARTY_KINDS), default: 'person' },
  { key: 'role', label: '身份', type: 'select', options: toOptions(PARTY_ROLES), default: 'suspect' },
  { key: 'name', label: '姓名/名称', required: true, maxlength: 60 },
  { key: 'id_number', label: '身份证号/统一社会信用代码', maxlength: 30 },
  { key: 'phones', label: '电话', maxlength: 60 },
  { key: 'online_accounts', label: '网络账号', maxlength: 300 },
  { key: 'address', label: '住址', maxlength: 160 },
]
