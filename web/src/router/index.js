// Routes. Staff pages live inside the AppShell and need a session; the
// public report page and the login page do not. The guard uses the same
// role rule as the navigation (lib/navigation.js).
import { createRouter, createWebHistory } from 'vue-router'
import { onUnauthorized } from '../api/index.js'
import { canOpen, homeFor } from '../lib/navigation.js'
import { useSession } from '../stores/session.js'
import { useReference } from '../stores/reference.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/report', name: 'report', component: () => import('../views/public/ReportView.vue'), meta: { public: true, title: '公众举报' } },
  {
    path: '/',
    component: () => import('../components/AppShell.vue'),
    children: [
      { path: '', name: 'workbench', component: () => import('../views/WorkbenchView.vue'), meta: { nav: 'workbench', title: '工作台' } },
      { path: 'tips', name: 'tips', component: () => import('../views/tips/TipListView.vue'), meta: { nav: 'tips', title: '举报线索' } },
      { path: 'tips/:id(\\d+)', name: 'tip', component: () => import('../views/tips/TipDetailView.vue'), meta: { nav: 'tips', title: '线索详情' } },
      { path: 'cases', name: 'cases', component: () => import('../views/cases/CaseListView.vue'), meta: { nav: 'cases', title: '案件' } },
      { path: 'cases/new', name: 'case-new', component: () => import('../views/cases/CaseCreateView.vue'), meta: { nav: 'cases', title: '登记案件' } },
      { path: 'cases/import', name: 'case-import', component: () => import('../views/cases/CaseImportView.vue'), meta: { nav: 'cases', title: '导入历史案件' } },
      { path: 'cases/:id(\\d+)', name: 'case', component: () => import('../views/cases/CaseDetailView.vue'), meta: { nav: 'cases', title: '案件详情' } },
      { path: 'transfers', name: 'transfers', component: () => import('../views/transfers/TransferListView.vue'), meta: { nav: 'transfers', title: '移送接收' } },
      { path: 'listings', name: 'listings', component: () => import('../views/listings/ListingListView.vue'), meta: { nav: 'listings', title: '网络巡查' } },
      { path: 'listings/:id(\\d+)', name: 'listing', component: () => import('../views/listings/ListingDetailView.vue'), meta: { nav: 'listings', title: '网络信息详情' } },
      { path: 'ranger', name: 'ranger', component: () => import('../views/ranger/RangerView.vue'), meta: { nav: 'ranger', title: '野外巡护' } },
      { path: 'patrols', name: 'patrols', component: () => import('../views/patrols/PatrolListView.vue'), meta: { nav: 'patrols', title: '巡护记录' } },
      { path: 'patrols/new', name: 'patrol-new', component: () => import('../views/patrols/PatrolCreateView.vue'), meta: { nav: 'patrols', title: '登记巡护' } },
      { path: 'patrols/:id(\\d+)', name: 'patrol', component: () => import('../views/patrols/PatrolDetailView.vue'), meta: { nav: 'patrols', title: '巡护详情' } },
      { path: 'zones', name: 'zones', component: () => import('../views/zones/ZoneListView.vue'), meta: { nav: 'zones', title: '保护区域' } },
      { path: 'zones/new', name: 'zone-new', component: () => import('../views/zones/ZoneCreateView.vue'), meta: { nav: 'zones', title: '新增保护区域' } },
      { path: 'zones/:id(\\d+)', name: 'zone', component: () => import('../views/zones/ZoneDetailView.vue'), meta: { nav: 'zones', title: '区域详情' } },
      { path: 'places', name: 'places', component: () => import('../views/places/PlaceListView.vue'), meta: { nav: 'places', title: '场所登记' } },
      { path: 'places/import', name: 'place-import', component: () => import('../views/places/PlaceImportView.vue'), meta: { nav: 'places', title: '导入场所名录' } },
      { path: 'places/new', name: 'place-new', component: () => import('../views/places/PlaceFormView.vue'), meta: { nav: 'places', title: '新增场所' } },
      { path: 'places/:id(\\d+)/edit', name: 'place-edit', component: () => import('../views/places/PlaceFormView.vue'), meta: { nav: 'places', title: '编辑场所' } },
      { path: 'places/:id(\\d+)', name: 'place', component: () => import('../views/places/PlaceDetailView.vue'), meta: { nav: 'places', title: '场所详情' } },
      { path: 'inspections', name: 'inspections', component: () => import('../views/inspections/InspectionListView.vue'), meta: { nav: 'inspections', title: '联合检查' } },
      { path: 'inspections/groups', name: 'inspection-groups', component: () => import('../views/inspections/InspectionGroupsView.vue'), meta: { nav: 'inspections', title: '检查组与检查清单' } },
      { path: 'inspections/new', name: 'inspection-new', component: () => import('../views/inspections/InspectionCreateView.vue'), meta: { nav: 'inspections', title: '登记检查' } },
      { path: 'inspections/:id(\\d+)', name: 'inspection', component: () => import('../views/inspections/InspectionDetailView.vue'), meta: { nav: 'inspections', title: '检查详情' } },
      { path: 'transport-checks', name: 'transport', component: () => import('../views/transport/TransportListView.vue'), meta: { nav: 'transport', title: '运输检查' } },
      { path: 'transport-checks/new', name: 'transport-check-new', component: () => import('../views/transport/TransportCreateView.vue'), meta: { nav: 'transport', title: '登记运输检查' } },
      { path: 'transport-checks/:id(\\d+)', name: 'transport-check', component: () => import('../views/transport/TransportDetailView.vue'), meta: { nav: 'transport', title: '运输检查详情' } },
      { path: 'customs', name: 'customs', component: () => import('../views/customs/CustomsAssessView.vue'), meta: { nav: 'customs', title: '海关风险评估' } },
      { path: 'seizures', name: 'seizures', component: () => import('../views/customs/SeizureListView.vue'), meta: { nav: 'seizures', title: '查获记录' } },
      { path: 'customs/assessments', name: 'customs-assessments', component: () => import('../views/customs/CustomsAssessmentListView.vue'), meta: { nav: 'customsAssessments', title: '海关风险评估记录' } },
      { path: 'customs/assessments/:id(\\d+)', name: 'customs-assessment', component: () => import('../views/customs/CustomsAssessmentDetailView.vue'), meta: { nav: 'customsAssessments', title: '风险评估详情' } },
      { path: 'customs/rules', name: 'customs-rules', component: () => import('../views/customs/CustomsRulesView.vue'), meta: { nav: 'customs', title: '海关风险评估规则' } },
      { path: 'seizures/new', name: 'seizure-new', component: () => import('../views/customs/SeizureCreateView.vue'), meta: { nav: 'seizures', title: '登记查获' } },
      { path: 'seizures/:id(\\d+)', name: 'seizure', component: () => import('../views/customs/SeizureDetailView.vue'), meta: { nav: 'seizures', title: '查获详情' } },
      { path: 'dashboard', name: 'dashboard', component: () => import('../views/dashboard/DashboardView.vue'), meta: { nav: 'dashboard', title: '战果统计' } },
      { path: 'evaluation', name: 'evaluation', component: () => import('../views/evaluation/EvaluationView.vue'), meta: { nav: 'evaluation', title: '考核评价' } },
      { path: 'supervision', name: 'supervision', component: () => import('../views/evaluation/SupervisionView.vue'), meta: { nav: 'supervision', title: '督导记录' } },
      { path: 'publicity', name: 'publicity', component: () => import('../views/publicity/PublicityView.vue'), meta: { nav: 'publicity', title: '宣传培训' } },
      { path: 'joint-reports', name: 'jointReports', component: () => import('../views/jointReports/JointReportsView.vue'), meta: { nav: 'jointReports', title: '联合行动报告' } },
      { path: 'joint-reports/:id(\\d+)', name: 'joint-report', component: () => import('../views/jointReports/JointReportView.vue'), meta: { nav: 'jointReports', title: '联合行动报告' } },
      { path: 'reports', name: 'reports', component: () => import('../views/reports/ReportsView.vue'), meta: { nav: 'reports', title: '情况报告' } },
      { path: 'reports/:id(\\d+)', name: 'report-period', component: () => import('../views/reports/ReportPeriodView.vue'), meta: { nav: 'reports', title: '报告期' } },
      { path: 'reports/:id(\\d+)/:code([A-Z][A-Z0-9-]*)', name: 'report-submission', component: () => import('../views/reports/ReportSubmissionView.vue'), meta: { nav: 'reports', title: '部门报告' } },
      { path: 'species', name: 'species', component: () => import('../views/species/SpeciesView.vue'), meta: { nav: 'species', title: '物种与价值评估' } },
      { path: 'species/offences', name: 'species-offences', component: () => import('../views/species/OffencesView.vue'), meta: { nav: 'species', title: '行刑衔接研判' } },
      { path: 'species/lists', name: 'species-lists', component: () => import('../views/species/SpeciesListsView.vue'), meta: { nav: 'species', title: '物种名录' } },
      { path: 'notifications', name: 'notifications', component: () => import('../views/NotificationsView.vue'), meta: { nav: 'notifications', title: '通知' } },
      { path: 'admin/users', name: 'users', component: () => import('../views/admin/UsersView.vue'), meta: { nav: 'users', title: '用户管理' } },
      { path: 'admin/departments', name: 'departments', component: () => import('../views/admin/DepartmentsView.vue'), meta: { nav: 'departments', title: '部门管理' } },
      { path: 'admin/api-keys', name: 'apikeys', component: () => import('../views/admin/ApiKeysView.vue'), meta: { nav: 'apikeys', title: 'API 密钥' } },
      { path: 'admin/platforms', name: 'platforms', component: () => import('../views/admin/PlatformsView.vue'), meta: { nav: 'platforms', title: '平台通知' } },
      { path: 'admin/lexicon', name: 'lexicon', component: () => import('../views/admin/LexiconView.vue'), meta: { nav: 'lexicon', title: '词库管理' } },
      { path: 'admin/audit', name: 'audit', component: () => import('../views/admin/AuditView.vue'), meta: { nav: 'audit', title: '审计日志' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export function createAppRouter(pinia) {
  const router = createRouter({ history: createWebHistory(), routes })

  onUnauthorized(() => {
    const session = useSession(pinia)
    session.forget()
    useReference(pinia).reset()
    const current = router.currentRoute.value
    if (!current.meta.public) router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
  })

  router.beforeEach(async (to) => {
    const session = useSession(pinia)
    await session.restore()
    if (to.meta.public) {
      if (to.name === 'login' && session.signedIn) return homeFor(session.me)
      return true
    }
    if (!session.signedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    if (to.meta.nav && !canOpen(session.me, to.meta.nav)) {
      const home = homeFor(session.me)
      return to.path === home ? { name: 'notifications' } : home
    }
    return true
  })

  router.afterEach((to) => {
    document.title = `${to.meta.title ? `${to.meta.title} · ` : ''}清风`
  })
  return router
}
