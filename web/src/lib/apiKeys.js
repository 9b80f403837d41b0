// API keys for the systems that talk to Qingfeng (platforms pushing
// listings, grid-worker apps and cameras sending events): which scopes
// exist and what each lets a key do, and the checks of the issue form.
// The server (AuthService::known_scopes) is the authority; this mirrors it
// for the form and explains each scope in the officer's words.

export const API_KEY_SCOPES = [
  { code: 'listings:write', label: '推送网络信息', help: '网络平台推送商品/帖子，由网络巡查扫描并进入审核队列' },
  { code: 'events:write', label: '推送事件', help: '网格员 App、红外相机等推送事件（需 HMAC 签名），每条生成举报线索' },
  { code: 'records:write', label: '写入业务记录', help: '以所属部门名义登记线索、上传证据等' },
  { code: 'directory:read', label: '读取部门目录', help: '读取部门与人员目录' },
]

export function scopeLabel(code) {
  return API_KEY_SCOPES.find((s) => s.code === code)?.label ?? code
}

export const emptyApiKey = () => ({ user_id: null, name: '', scopes: [] })

export function validateApiKey(form) {
  const e = {}
  if (!form.user_id) e.user_id = '请选择对接账户'
  if (!form.name || !form.name.trim()) e.name = '请填写密钥用途，例如“某平台商品推送”'
  else if (new TextEncoder().encode(form.name.trim()).length > 200) e.name = '用途过长（最多 200 字节）'
  if (!form.scopes?.length) e.scopes = '请至少选择一项权限范围'
  return e
}

export function apiKeyBody(form) {
  return { user_id: Number(form.user_id), name: form.name.trim(), scopes: [...form.scopes] }
}

// The list's rows: each key with its account's name and department, active
// keys first, newest first within each group.
export function apiKeyRows(keys, accounts) {
  const byId = new Map(accounts.map((u) => [u.id, u]))
  return keys
    .map((k) => {
      const u = byId.get(k.user_id)
      return { ...k, account: u ? u.display_name || u.username : `#${k.user_id}`, department_code: u?.department_code ?? '' }
    })
    .sort((a, b) => Number(a.revoked) - Number(b.revoked) || String(b.created_at).localeCompare(String(a.created_at)) || b.id - a.id)
}
