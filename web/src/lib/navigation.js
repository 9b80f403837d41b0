// Role-aware navigation. Each entry says who may use it, from the role and
// the permissions GET /api/v1/me returns; the router guard uses the same
// rule, so a hidden page is also an unreachable one.

const ENFORCEMENT_ROLES = ['office', 'leader', 'officer', 'ranger', 'inspector']

// Field records are read by every staff member, but listed only for those
// whose work they are: the office and inspector (who see all) and the
// departments with the duty (the permissions GET /api/v1/me reports).
function readsFieldRecords(me, ...duties) {
  return ['office', 'inspector'].includes(me.role) || duties.some((d) => !!me.permissions?.[d])
}

export const NAV = [
  { name: 'workbench', path: '/', title: '工作台', icon: 'Odometer', allow: (me) => ENFORCEMENT_ROLES.includes(me.role) },
  { name: 'tips', path: '/tips', title: '举报线索', icon: 'Phone', allow: (me) => ENFORCEMENT_ROLES.includes(me.role) },
  { name: 'cases', path: '/cases', title: '案件', icon: 'Folder', allow: (me) => ENFORCEMENT_ROLES.includes(me.role) },
  // Departments receive transfers (移交, 行刑衔接移送) and decide on them; the office sees all.
  { name: 'transfers', path: '/transfers', title: '移送接收', icon: 'Switch', allow: (me) => ['office', 'leader', 'officer'].includes(me.role) },
  { name: 'listings', path: '/listings', title: '网络巡查', icon: 'Monitor', allow: (me) => !!me.permissions?.read_listings },
  // 专项执法 (issue 7): the ranger's phone page, patrols and zones; places
  // and joint inspections; transport checks; customs.
  {
    name: 'field',
    title: '专项执法',
    icon: 'Compass',
    children: [
      { name: 'ranger', path: '/ranger', title: '野外巡护', allow: (me) => !!me.permissions?.record_patrols },
      { name: 'patrols', path: '/patrols', title: '巡护记录', allow: (me) => readsFieldRecords(me, 'record_patrols', 'manage_zones') },
      { name: 'zones', path: '/zones', title: '保护区域', allow: (me) => readsFieldRecords(me, 'record_patrols', 'manage_zones') },
      { name: 'places', path: '/places', title: '场所登记', allow: (me) => readsFieldRecords(me, 'manage_places', 'record_inspections') },
      { name: 'inspections', path: '/inspections', title: '联合检查', allow: (me) => readsFieldRecords(me, 'manage_places', 'record_inspections') },
      { name: 'transport', path: '/transport-checks', title: '运输检查', allow: (me) => readsFieldRecords(me, 'record_transport_checks') },
      { name: 'customs', path: '/customs', title: '海关风险评估', allow: (me) => !!me.permissions?.record_customs },
      // 海关风险评估记录: whoever assesses (海关, the office) and the inspector, as the API allows.
      { name: 'customsAssessments', path: '/customs/assessments', title: '风险评估记录', allow: (me) => !!me.permissions?.record_customs || ['office', 'inspector'].includes(me.role) },
      { name: 'seizures', path: '/seizures', title: '查获记录', allow: (me) => readsFieldRecords(me, 'record_customs') },
    ],
  },
  // 成效与报告 (issue 8): 战果 statistics, reports and evaluation.
  {
    name: 'results',
    title: '成效与报告',
    icon: 'DataAnalysis',
    children: [
      { name: 'dashboard', path: '/dashboard', title: '战果统计', allow: (me) => ['office', 'inspector', 'leader', 'officer'].includes(me.role) },
      { name: 'evaluation', path: '/evaluation', title: '考核评价', allow: (me) => !!(me.permissions?.read_evaluation || me.permissions?.manage_evaluation) },
      { name: 'supervision', path: '/supervision', title: '督导记录', allow: (me) => !!(me.permissions?.record_supervision || me.permissions?.read_evaluation) },
      // 宣传培训 and 情况报告: every department records and reports; the office
      // manages the periods; the 督导组 reads.
      { name: 'publicity', path: '/publicity', title: '宣传培训', allow: (me) => !!me.permissions?.record_publicity || me.role === 'inspector' },
      { name: 'reports', path: '/reports', title: '情况报告', allow: (me) => !!(me.permissions?.submit_reports || me.permissions?.manage_reporting) || me.role === 'inspector' },
      // 联合行动报告 and 新闻稿: the office drafts them from the period's figures.
      { name: 'jointReports', path: '/joint-reports', title: '联合行动报告', allow: (me) => !!me.permissions?.manage_reporting },
    ],
  },
  { name: 'species', path: '/species', title: '物种与价值评估', icon: 'Collection', allow: (me) => ENFORCEMENT_ROLES.includes(me.role) },
  { name: 'notifications', path: '/notifications', title: '通知', icon: 'Bell', allow: () => true },
  {
    name: 'admin',
    title: '系统管理',
    icon: 'Setting',
    children: [
      { name: 'users', path: '/admin/users', title: '用户管理', allow: (me) => !!me.permissions?.manage_users },
      { name: 'departments', path: '/admin/departments', title: '部门管理', allow: (me) => !!me.permissions?.manage_departments },
      { name: 'apikeys', path: '/admin/api-keys', title: 'API 密钥', allow: (me) => !!me.permissions?.manage_api_keys },
      // Where platforms receive takedown notices: the office and the administrator.
      { name: 'platforms', path: '/admin/platforms', title: '平台通知', allow: (me) => ['office', 'admin'].includes(me.role) },
      // The scanner's lexicon: edited by administrators and the office, read
      // by the departments that read listings.
      { name: 'lexicon', path: '/admin/lexicon', title: '词库管理', allow: (me) => !!(me.permissions?.manage_reference_data || me.permissions?.read_listings) },
      { name: 'audit', path: '/admin/audit', title: '审计日志', allow: (me) => !!me.permissions?.read_audit },
    ],
  },
]

// The navigation tree this user sees: groups keep only allowed children and
// vanish when none is left.
export function navFor(me) {
  if (!me) return []
  const out = []
  for (const item of NAV) {
    if (item.children) {
      const children = item.children.filter((c) => c.allow(me))
      if (children.length) out.push({ ...item, children })
    } else if (item.allow(me)) {
      out.push(item)
    }
  }
  return out
}

function flatten(items) {
  return items.flatMap((i) => (i.children ? i.children : [i]))
}

// Whether the user may open the route named `name` (routes outside NAV,
// such as details, name their list in meta.nav).
export function canOpen(me, name) {
  const entry = flatten(NAV).find((i) => i.name === name)
  return !!entry && !!me && entry.allow(me)
}

// Where to land after login: the first page this user may open.
export function homeFor(me) {
  // Rangers work in the field: they land on the phone page.
  if (me?.role === 'ranger' && canOpen(me, 'ranger')) return '/ranger'
  const first = flatten(navFor(me))[0]
  return first ? first.path : '/notifications'
}

// What the user may do on records (buttons shown only when allowed).
export function abilities(me) {
  const p = me?.permissions || {}
  const office = me?.role === 'office'
  return {
    createRecords: !!p.create_records,
    updateRecords: !!p.update_records,
    shareRecords: !!p.share_records,
    assignTips: office,
    mergeTips: office,
    exportLists: ENFORCEMENT_ROLES.includes(me?.role),
    pickOwnerDepartment: office,
    importCases: !!p.create_records,
    manageReferenceData: !!p.manage_reference_data,
    // 专项执法 (issue 7): who may create field records.
    managePlaces: !!p.manage_places,
    recordInspections: !!p.record_inspections,
    recordTransportChecks: !!p.record_transport_checks,
    recordCustoms: !!p.record_customs,
    editCustomsRules: !!p.record_customs && ['leader', 'office'].includes(me?.role),
  }
}
